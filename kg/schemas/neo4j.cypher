// Schema for `kg export neo4j` (Neo4j 5). One uniqueness constraint on `id` per label: it makes
// MERGE on id fast and loading idempotent. Statements are separated by semicolons.
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT official_id IF NOT EXISTS FOR (n:Official) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organ_id IF NOT EXISTS FOR (n:Organ) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT campaign_id IF NOT EXISTS FOR (n:Campaign) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT slogan_id IF NOT EXISTS FOR (n:Slogan) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT policydocument_id IF NOT EXISTS FOR (n:PolicyDocument) REQUIRE n.id IS UNIQUE;
CREATE INDEX official_name IF NOT EXISTS FOR (n:Official) ON (n.name);
CREATE INDEX organ_name IF NOT EXISTS FOR (n:Organ) ON (n.name);
CREATE INDEX slogan_name IF NOT EXISTS FOR (n:Slogan) ON (n.name);
CREATE INDEX campaign_name IF NOT EXISTS FOR (n:Campaign) ON (n.name);
