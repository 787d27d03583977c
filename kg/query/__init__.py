"""Querying a build in-process: embedded Cypher (ladybug) and SPARQL (Oxigraph) stores kept in the
build directory, and the analyst's tables and views."""
