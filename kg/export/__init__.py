"""Exporters: the build directory into Neo4j, RDF, GraphML/GEXF and an HTML view."""
