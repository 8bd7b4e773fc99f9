-- PostGIS first: every later migration uses its geometry type, functions and GiST operator classes.
CREATE EXTENSION IF NOT EXISTS postgis;
