-- Every type and alias of c_Supported_data_types.
-- expect: table=all_types columns=34 type.c_int2=SMALLINT type.c_int8=BIGINT type.c_dec=DECIMAL(18,0)
-- expect: type.c_dec_ps=DECIMAL(10,2) type.c_float="DOUBLE PRECISION" type.c_float_24=REAL
-- expect: type.c_bpchar=CHAR(256) type.c_text=VARCHAR(256) type.c_nchar=CHAR(4) type.c_nvarchar=VARCHAR(30)
-- expect: type.c_time=TIME type.c_time_tz=TIMETZ type.c_timetz=TIMETZ type.c_ts_tz=TIMESTAMPTZ
-- expect: type.c_varbyte=VARBYTE(64000) type.c_varbinary=VARBYTE(100) type.c_binary_varying=VARBYTE(10)
-- expect: type.c_super=SUPER
CREATE TABLE all_types (
    c_smallint SMALLINT,
    c_int2 INT2,
    c_integer INTEGER,
    c_int INT,
    c_int4 INT4,
    c_bigint BIGINT,
    c_int8 INT8,
    c_decimal DECIMAL(12,3),
    c_numeric NUMERIC(5),
    c_dec DEC,
    c_dec_ps DEC(10,2),
    c_real REAL,
    c_float4 FLOAT4,
    c_float_24 FLOAT(24),
    c_double DOUBLE PRECISION,
    c_float8 FLOAT8,
    c_float FLOAT,
    c_boolean BOOLEAN,
    c_bool BOOL,
    c_char CHAR(10),
    c_bpchar BPCHAR,
    c_nchar NCHAR(4),
    c_varchar CHARACTER VARYING(40),
    c_nvarchar NVARCHAR(30),
    c_text TEXT,
    c_date DATE,
    c_time TIME,
    c_time_tz TIME WITH TIME ZONE,
    c_timetz TIMETZ,
    c_ts_tz TIMESTAMP WITH TIME ZONE,
    c_varbyte VARBYTE,
    c_varbinary VARBINARY(100),
    c_binary_varying BINARY VARYING(10),
    c_super SUPER
);
-- expect: table=spatial_and_sketches columns=3 encode.c_geometry=RAW encode.c_hll=RAW encode.c_geography=none
-- expect: type.c_geometry=GEOMETRY type.c_geography=GEOGRAPHY type.c_hll=HLLSKETCH
CREATE TABLE spatial_and_sketches (
    c_geometry GEOMETRY ENCODE RAW,
    c_geography GEOGRAPHY,
    c_hll HLLSKETCH ENCODE RAW
);
