// The CREATE TABLE forms and types of Redshift's reference beyond the basic ones: every type and alias
// (c_Supported_data_types), COLLATE, IDENTITY without (seed, step), LIKE, CREATE TABLE … AS, three-part names and
// foreign-key clauses (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_NEW.html,
// https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_AS.html).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "starshift/parse/parser.hpp"
#include "starshift/sql/render.hpp"
#include "support/error_of.hpp"

namespace sp = starshift::parse;
using namespace starshift;
using starshift::testing::error_id_of;

namespace {

sql_type type_of(const std::string& type) {
    return sp::parse_create_table("CREATE TABLE t (c " + type + ");").columns.at(0).type;
}

std::string error_of(const std::string& sql) {
    return error_id_of([&] { (void)sp::parse_script(sql, {"bad.sql", true, {}}); });
}

// The table a script's last statement creates.
table last_table(const std::string& sql) {
    const auto all = sp::parse_script(sql);
    REQUIRE(!all.empty());
    REQUIRE(all.back().as_table() != nullptr);
    return *all.back().as_table();
}

// Parse → Redshift SQL → parse gives the same model.
void round_trips(const std::string& sql) {
    const table t = sp::parse_create_table(sql);
    const std::string rendered = sql::create_table(t, sql::dialect::redshift).front();
    CHECK_MESSAGE(sp::parse_create_table(rendered) == t, rendered);
}

}  // namespace

TEST_CASE("ddl types: numeric aliases") {
    CHECK(type_of("DEC") == decimal(18, 0));
    CHECK(type_of("dec(10,2)") == decimal(10, 2));
    CHECK(type_of("NUMERIC(38)") == decimal(38, 0));
    CHECK(type_of("FLOAT") == double_precision());
    CHECK(type_of("FLOAT(24)") == real());
    CHECK(type_of("float(1)") == real());
    CHECK(type_of("FLOAT(25)") == double_precision());
    CHECK(type_of("FLOAT(53)") == double_precision());
    CHECK(error_of("CREATE TABLE t (c FLOAT(54));") == "starshift.parse.bad_type_argument");
    CHECK(error_of("CREATE TABLE t (c FLOAT(0));") == "starshift.parse.bad_type_argument");
    CHECK(type_of("FLOAT4") == real());
    CHECK(type_of("FLOAT8") == double_precision());
    CHECK(type_of("INT2") == smallint());
    CHECK(type_of("INT8") == bigint());
}

TEST_CASE("ddl types: character aliases") {
    CHECK(type_of("BPCHAR") == char_type(256));
    CHECK(type_of("NCHAR(5)") == char_type(5));
    CHECK(type_of("NVARCHAR(40)") == varchar(40));
    CHECK(type_of("CHARACTER VARYING(12)") == varchar(12));
    CHECK(type_of("NCHAR VARYING(12)") == varchar(12));
    CHECK(type_of("TEXT") == varchar(256));
}

TEST_CASE("ddl types: datetime") {
    CHECK(type_of("TIME") == time_type());
    CHECK(type_of("TIME WITHOUT TIME ZONE") == time_type());
    CHECK(type_of("time with time zone") == timetz());
    CHECK(type_of("TIMETZ") == timetz());
    CHECK(type_of("TIMESTAMP WITH TIME ZONE") == timestamptz());
    CHECK(type_of("TIMESTAMP WITHOUT TIME ZONE") == timestamp());
    CHECK(error_of("CREATE TABLE t (c INTERVAL);") == "starshift.parse.unsupported_type");
    CHECK(error_of("CREATE TABLE t (c TIME(3));") == "starshift.parse.unsupported_type");
}

TEST_CASE("ddl types: varbyte super spatial hllsketch") {
    CHECK(type_of("VARBYTE") == varbyte(64000));
    CHECK(type_of("VARBYTE(16)") == varbyte(16));
    CHECK(type_of("VARBINARY(8)") == varbyte(8));
    CHECK(type_of("BINARY VARYING(4)") == varbyte(4));
    CHECK(type_of("SUPER") == super());
    CHECK(type_of("GEOMETRY") == geometry());
    CHECK(type_of("GEOGRAPHY") == geography());
    CHECK(type_of("HLLSKETCH") == hllsketch());
    CHECK(error_of("CREATE TABLE t (c VARBYTE(1024001));") == "starshift.model.varbyte_length_invalid");
    CHECK(error_of("CREATE TABLE t (c VARBYTE(0));") == "starshift.model.varbyte_length_invalid");
    CHECK(to_sql(varbyte(10)) == "VARBYTE(10)");
    CHECK(to_sql(timetz()) == "TIMETZ");
}

TEST_CASE("ddl types: the encodings each new type allows") {
    // spatial-limitations and hyperloglog-functions-usage-notes: RAW only.
    CHECK(error_of("CREATE TABLE t (g GEOMETRY ENCODE ZSTD);") == "starshift.model.encoding_invalid_for_type");
    CHECK(error_of("CREATE TABLE t (g GEOGRAPHY ENCODE LZO);") == "starshift.model.encoding_invalid_for_type");
    CHECK(error_of("CREATE TABLE t (h HLLSKETCH ENCODE ZSTD);") == "starshift.model.encoding_invalid_for_type");
    CHECK(error_of("CREATE TABLE t (g GEOMETRY ENCODE RAW, h HLLSKETCH ENCODE RAW);").empty());
    CHECK(error_of("CREATE TABLE t (s SUPER ENCODE ZSTD, u SUPER ENCODE LZO);").empty());
    CHECK(error_of("CREATE TABLE t (s SUPER ENCODE AZ64);") == "starshift.model.encoding_invalid_for_type");
    CHECK(error_of("CREATE TABLE t (s SUPER ENCODE BYTEDICT);") == "starshift.model.encoding_invalid_for_type");
    CHECK(error_of("CREATE TABLE t (b VARBYTE ENCODE ZSTD, c VARBYTE ENCODE LZO);").empty());
    CHECK(error_of("CREATE TABLE t (b VARBYTE ENCODE AZ64);") == "starshift.model.encoding_invalid_for_type");
    CHECK(error_of("CREATE TABLE t (b VARBYTE ENCODE TEXT255);") == "starshift.model.encoding_invalid_for_type");
    CHECK(error_of("CREATE TABLE t (a TIME ENCODE AZ64, b TIMETZ ENCODE AZ64, c TIME ENCODE DELTA);").empty());
    CHECK(error_of("CREATE TABLE t (a TIMETZ ENCODE DELTA);") == "starshift.model.encoding_invalid_for_type");
    CHECK(default_encoding(super(), false) == encoding::zstd);
    CHECK(default_encoding(geometry(), false) == encoding::raw);
    CHECK(default_encoding(hllsketch(), false) == encoding::raw);
}

TEST_CASE("ddl types: keys on types that cannot be keys") {
    CHECK(error_of("CREATE TABLE t (s SUPER) SORTKEY (s);") == "starshift.model.sortkey_type_invalid");
    CHECK(error_of("CREATE TABLE t (s SUPER DISTKEY);") == "starshift.model.distkey_type_invalid");
    CHECK(error_of("CREATE TABLE t (g GEOMETRY SORTKEY);") == "starshift.model.sortkey_type_invalid");
    CHECK(error_of("CREATE TABLE t (b VARBYTE(8) SORTKEY);") == "starshift.model.sortkey_type_invalid");
    CHECK(error_of("CREATE TABLE t (a TIME SORTKEY, b TIMETZ);").empty());
}

TEST_CASE("ddl collate: column level") {
    const table t = sp::parse_create_table(
        "create table t (ci varchar(10) collate case_insensitive, cs varchar(10) COLLATE CASE_SENSITIVE, n int);");
    CHECK(t.columns[0].collate == collation::case_insensitive);
    CHECK(t.columns[1].collate == collation::case_sensitive);
    CHECK(!t.columns[2].collate);
    CHECK(error_of("CREATE TABLE t (n INT COLLATE CASE_INSENSITIVE);") == "starshift.model.collate_type_invalid");
    CHECK(error_of("CREATE TABLE t (c VARCHAR COLLATE ucs_basic);") == "starshift.parse.syntax");
    CHECK(error_of("CREATE TABLE t (c VARCHAR COLLATE CASE_SENSITIVE COLLATE CASE_SENSITIVE);") ==
          "starshift.parse.duplicate_attribute");
    round_trips("CREATE TABLE t (c VARCHAR(3) NOT NULL COLLATE CASE_INSENSITIVE ENCODE ZSTD);");
}

// doc: https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_NEW.html (COLLATE) and r_CREATE_DATABASE
// ("Database collation"): a COLLATE after the column list is the default of the table's CHAR and VARCHAR columns
// that give none of their own (docs/parse.md, "Collation").
TEST_CASE("ddl collate: table level") {
    const table t = sp::parse_create_table(
        "CREATE TABLE t (a VARCHAR(10), b CHAR(2), c VARCHAR(10) COLLATE CASE_SENSITIVE, n INT) "
        "DISTSTYLE EVEN collate case_insensitive;");
    CHECK(t.collate == collation::case_insensitive);
    CHECK(!t.columns[0].collate);  // the model keeps what was written
    CHECK(effective_collation(t, t.columns[0]) == collation::case_insensitive);
    CHECK(effective_collation(t, t.columns[1]) == collation::case_insensitive);
    CHECK(effective_collation(t, t.columns[2]) == collation::case_sensitive);
    CHECK(!effective_collation(t, t.columns[3]));
    const std::string rs = sql::create_table(t, sql::dialect::redshift).front();
    CHECK(rs == "CREATE TABLE t (\n    a VARCHAR(10),\n    b CHAR(2),\n    c VARCHAR(10) COLLATE CASE_SENSITIVE,\n"
                "    n INTEGER\n)\nDISTSTYLE EVEN\nCOLLATE CASE_INSENSITIVE;");
    CHECK(sp::parse_create_table(rs) == t);
    // PostgreSQL: the column-level form on each CHAR and VARCHAR column the table's COLLATE reaches.
    const auto pg = sql::create_table(t, sql::dialect::postgres);
    REQUIRE(pg.size() == 2);
    CHECK(pg[0].find("CREATE COLLATION IF NOT EXISTS starshift_case_insensitive") == 0);
    CHECK(pg[1] == "CREATE TABLE t (\n    a VARCHAR(10) COLLATE starshift_case_insensitive,\n"
                   "    b CHAR(2) COLLATE starshift_case_insensitive,\n    c VARCHAR(10),\n    n INTEGER\n);");
    // CASE_SENSITIVE is PostgreSQL's own comparison: no collation to create.
    const table cs = sp::parse_create_table("CREATE TABLE s (a VARCHAR(4)) COLLATE CASE_SENSITIVE;");
    CHECK(cs.collate == collation::case_sensitive);
    CHECK(sql::create_table(cs, sql::dialect::postgres) ==
          std::vector<std::string>{"CREATE TABLE s (\n    a VARCHAR(4)\n);"});
    round_trips("CREATE TABLE s (a VARCHAR(4)) BACKUP NO COLLATE CASE_SENSITIVE SORTKEY (a);");
    // LIKE keeps the parent's comparison on the columns it copies.
    const table child = last_table("CREATE TABLE p (a VARCHAR(4), n INT) COLLATE CASE_INSENSITIVE;\n"
                                   "CREATE TABLE c (LIKE p, extra VARCHAR(4));");
    CHECK(child.columns[0].collate == collation::case_insensitive);
    CHECK(!child.columns[1].collate);
    CHECK(!child.columns[2].collate);
    CHECK(!child.collate);
    CHECK(error_of("CREATE TABLE t (c VARCHAR) COLLATE CASE_INSENSITIVE COLLATE CASE_INSENSITIVE;") ==
          "starshift.parse.duplicate_attribute");
    CHECK(error_of("CREATE TABLE t (c VARCHAR) COLLATE ucs_basic;") == "starshift.parse.syntax");
    CHECK(error_of("CREATE TABLE t COLLATE CASE_INSENSITIVE AS SELECT 1 AS a;") == "starshift.parse.syntax");
}

TEST_CASE("ddl identity: with and without seed and step") {
    // r_CREATE_TABLE_examples, "Create a table with a default IDENTITY column" (verbatim).
    const table t = sp::parse_create_table(R"(CREATE TABLE t1(
  hist_id BIGINT IDENTITY NOT NULL, /* Cannot be overridden */
  base_id BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, /* Can be overridden */
  business_key varchar(10) ,
  some_field varchar(10)
);)");
    REQUIRE(t.columns[0].identity_spec);
    CHECK(t.columns[0].identity_spec->seed == 1);
    CHECK(t.columns[0].identity_spec->step == 1);
    CHECK(t.columns[0].identity_spec->bare);
    CHECK(!t.columns[0].identity_spec->generated_by_default);
    CHECK(t.columns[0].not_null);
    REQUIRE(t.columns[1].identity_spec);
    CHECK(t.columns[1].identity_spec->generated_by_default);
    CHECK(t.columns[1].identity_spec->bare);
    const table u = sp::parse_create_table("CREATE TABLE u (id INT IDENTITY(0, 1) PRIMARY KEY, k INT IDENTITY "
                                           "UNIQUE);");
    CHECK(u.columns[0].identity_spec->seed == 0);
    CHECK(!u.columns[0].identity_spec->bare);
    CHECK(u.constraints.size() == 2);
    round_trips("CREATE TABLE u (a BIGINT IDENTITY NOT NULL, b BIGINT GENERATED BY DEFAULT AS IDENTITY(5,2));");
}

TEST_CASE("ddl attributes: any order") {
    const table a = sp::parse_create_table(
        "CREATE TABLE t (id INT PRIMARY KEY NOT NULL IDENTITY(1,1) ENCODE AZ64 DISTKEY SORTKEY, "
        "c VARCHAR(8) COLLATE CASE_INSENSITIVE UNIQUE NULL DEFAULT 'x' ENCODE LZO);");
    const table b = sp::parse_create_table(
        "CREATE TABLE t (id INT SORTKEY DISTKEY ENCODE AZ64 IDENTITY(1,1) NOT NULL PRIMARY KEY, "
        "c VARCHAR(8) ENCODE LZO DEFAULT 'x' NULL UNIQUE COLLATE CASE_INSENSITIVE);");
    CHECK(a.columns == b.columns);
    CHECK(a.distkey == b.distkey);
    CHECK(a.sortkey == b.sortkey);
    CHECK(a.constraints.size() == 2);
    CHECK(a.columns[1].default_expr == "'x'");
}

TEST_CASE("ddl names: three parts") {
    // r_CREATE_TABLE_examples: "You can prefix the table name with the database name and schema name".
    const table t = sp::parse_create_table("create table dev_database.public.sales (salesid integer not null);");
    CHECK(t.database == "dev_database");
    CHECK(t.schema == "public");
    CHECK(t.name == "sales");
    CHECK(t.qualified_name() == "public.sales");
    round_trips("create table dev_database.public.sales (salesid integer not null);");
    const std::string pg = sql::create_table(t, sql::dialect::postgres).front();
    CHECK(pg.find("dev_database") == std::string::npos);
    CHECK(error_of("CREATE TABLE a.b.c.d (x INT);") == "starshift.parse.syntax");
}

TEST_CASE("ddl foreign keys: match and referential actions") {
    const table t = sp::parse_create_table(
        "CREATE TABLE o (id INT, c INT REFERENCES customers (id) MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL, "
        "FOREIGN KEY (id) REFERENCES s.items ON UPDATE NO ACTION ON DELETE SET DEFAULT MATCH SIMPLE);");
    REQUIRE(t.constraints.size() == 2);
    CHECK(t.constraints[0].match == "FULL");
    CHECK(t.constraints[0].on_delete == "CASCADE");
    CHECK(t.constraints[0].on_update == "SET NULL");
    CHECK(t.constraints[1].match == "SIMPLE");
    CHECK(t.constraints[1].on_delete == "SET DEFAULT");
    CHECK(t.constraints[1].on_update == "NO ACTION");
    CHECK(error_of("CREATE TABLE o (c INT REFERENCES x ON DELETE EXPLODE);") == "starshift.parse.syntax");
    CHECK(error_of("CREATE TABLE o (c INT REFERENCES x MATCH FULL MATCH FULL);") ==
          "starshift.parse.duplicate_attribute");
    round_trips("CREATE TABLE o (c INT REFERENCES x (id) MATCH FULL ON DELETE RESTRICT ON UPDATE CASCADE);");
    sql::ddl_options fk;
    fk.postgres_foreign_keys = true;
    const std::string pg = sql::create_table(t, sql::dialect::postgres, fk).front();
    CHECK(pg.find("REFERENCES customers (id) MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL") !=
          std::string::npos);
}

TEST_CASE("ddl like: columns from an earlier table") {
    const std::string parent =
        "create table event(eventid integer not null distkey, venueid smallint not null, "
        "eventname varchar(200) encode lzo default 'none', starttime timestamp not null encode bytedict) "
        "backup no sortkey(starttime);\n";
    // r_CREATE_TABLE_examples: "create temp table tempevent(like event);" inherits DISTKEY and SORTKEY.
    const table t = last_table(parent + "create temp table tempevent(like event);");
    CHECK(t.temporary);
    CHECK(t.columns.size() == 4);
    CHECK(t.columns[0].not_null);
    CHECK(t.columns[2].encode == encoding::lzo);
    CHECK(!t.columns[2].default_expr);
    CHECK(t.distkey == "eventid");
    CHECK(t.diststyle == dist_style::key);
    CHECK(t.sortkey.columns == std::vector<std::string>{"starttime"});
    CHECK(!t.backup);
    CHECK(t.constraints.empty());
    const table d = last_table(parent + "CREATE TABLE e2 (LIKE event INCLUDING DEFAULTS);");
    CHECK(d.columns[2].default_expr == "'none'");
    const table x = last_table(parent + "CREATE TABLE e3 (LIKE event EXCLUDING DEFAULTS, extra INT);");
    CHECK(x.columns.size() == 5);
    CHECK(!x.columns[2].default_expr);
    CHECK(error_of("CREATE TABLE e (LIKE nowhere);") == "starshift.parse.like_table_unknown");
    CHECK(error_of(parent + "CREATE TABLE e (LIKE event) DISTSTYLE EVEN;") == "starshift.parse.like_attribute");
    CHECK(error_of(parent + "CREATE TABLE e (LIKE event, LIKE event);") == "starshift.parse.duplicate_attribute");
}

TEST_CASE("ddl like: a table of an earlier script") {
    const auto first = sp::parse_script("CREATE TABLE s.users (id INT NOT NULL, name VARCHAR(20));");
    const auto second = sp::parse_script("CREATE TABLE copy_of_users (LIKE S.USERS);", {},
                                         [&](std::string_view name) { return sp::find_table(first, name); });
    REQUIRE(second.at(0).as_table());
    CHECK(second[0].as_table()->columns == first[0].as_table()->columns);
}

TEST_CASE("ddl create table as: columns learned from the select list") {
    const std::string event =
        "create table event(eventid integer not null distkey, venueid smallint not null, dateid smallint not null, "
        "eventname varchar(200), starttime timestamp) sortkey(dateid);\n";
    // r_CTAS_examples (verbatim).
    const table a = last_table(event + "create table event_backup as select * from event;");
    REQUIRE(a.as_query);
    CHECK(a.as_query->text == "select * from event");
    CHECK(a.columns.size() == 5);
    CHECK(!a.columns[0].not_null);  // CTAS takes names and types only
    CHECK(a.distkey == "eventid");  // "The resulting table inherits the distribution and sort keys"
    CHECK(a.sortkey.columns == std::vector<std::string>{"dateid"});
    const table b = last_table(event +
                               "create table eventdistsort\ndistkey (1)\nsortkey (1,3)\nas\n"
                               "select eventid, venueid, dateid, eventname\nfrom event;");
    CHECK(b.columns.size() == 4);
    CHECK(b.distkey == "eventid");
    CHECK(b.sortkey.columns == std::vector<std::string>{"eventid", "dateid"});
    CHECK(b.columns[3].type == varchar(200));
    const table c = last_table(event + "create table eventdisteven diststyle even as "
                                       "select e.eventid as id, venueid from event e where eventid > 3;");
    CHECK(c.diststyle == dist_style::even);
    REQUIRE(c.columns.size() == 2);
    CHECK(c.columns[0].name == "id");
    CHECK(c.columns[0].type == integer());
    const table d = last_table(event + "CREATE TEMP TABLE d (x, y) BACKUP NO AS SELECT eventid, dateid FROM event;");
    CHECK(d.temporary);
    CHECK(!d.backup);
    CHECK(d.columns[1].name == "y");
    CHECK(d.as_query->column_names == std::vector<std::string>{"x", "y"});
}

TEST_CASE("ddl create table as: kept as text when the columns cannot be learned") {
    const table t = sp::parse_create_table(
        "CREATE TABLE daily DISTKEY (day) SORTKEY (day) AS SELECT trunc(ts) AS day, count(*) AS n FROM nowhere "
        "GROUP BY 1;");
    CHECK(t.columns.empty());
    CHECK(t.distkey == "day");
    REQUIRE(t.as_query);
    CHECK(t.as_query->text == "SELECT trunc(ts) AS day, count(*) AS n FROM nowhere GROUP BY 1");
    const auto pg = sql::create_table(t, sql::dialect::postgres);
    CHECK(pg.size() == 1);
    CHECK(pg[0] == "CREATE TABLE daily\nAS SELECT trunc(ts) AS day, count(*) AS n FROM nowhere GROUP BY 1;");
    const std::string rs = sql::create_table(t, sql::dialect::redshift).front();
    CHECK(rs == "CREATE TABLE daily\nDISTSTYLE KEY\nDISTKEY (day)\nCOMPOUND SORTKEY (day)\n"
                "AS SELECT trunc(ts) AS day, count(*) AS n FROM nowhere GROUP BY 1;");
    CHECK(sp::parse_create_table(rs) == t);
    CHECK(error_of("CREATE TABLE x DISTKEY (2) AS SELECT count(*) FROM y;") == "starshift.parse.ctas_column_unknown");
    CHECK(error_of("CREATE TABLE x AS ;") == "starshift.parse.syntax");
}

TEST_CASE("ddl render postgres: the nearest types") {
    const table t = sp::parse_create_table(
        "CREATE TABLE t (a TIME, b TIMETZ, c VARBYTE(8), d SUPER, e GEOMETRY, f GEOGRAPHY, g HLLSKETCH, "
        "h VARCHAR(4) COLLATE CASE_INSENSITIVE, i VARCHAR(4) COLLATE CASE_SENSITIVE);");
    const auto pg = sql::create_table(t, sql::dialect::postgres);
    REQUIRE(pg.size() == 2);
    CHECK(pg[0] == "CREATE COLLATION IF NOT EXISTS starshift_case_insensitive (provider = icu, locale = "
                   "'und-u-ks-level2', deterministic = false);");
    CHECK(pg[1] == "CREATE TABLE t (\n    a TIME,\n    b TIMETZ,\n    c BYTEA,\n    d JSONB,\n    e TEXT,\n"
                   "    f TEXT,\n    g TEXT,\n    h VARCHAR(4) COLLATE starshift_case_insensitive,\n"
                   "    i VARCHAR(4)\n);");
    const std::string rs = sql::create_table(t, sql::dialect::redshift).front();
    CHECK(rs.find("c VARBYTE(8)") != std::string::npos);
    CHECK(rs.find("h VARCHAR(4) COLLATE CASE_INSENSITIVE") != std::string::npos);
    CHECK(sp::parse_create_table(rs) == t);
}

TEST_CASE("ddl create table as: hostile key positions are errors") {
    const std::string from = "CREATE TABLE s (a INT, b INT);\n";
    CHECK(error_of(from + "CREATE TABLE x DISTKEY (99999999999999999999999) AS SELECT a FROM s;") ==
          "starshift.parse.ctas_column_unknown");
    CHECK(error_of(from + "CREATE TABLE x SORTKEY (1.5) AS SELECT a, b FROM s;") ==
          "starshift.parse.ctas_column_unknown");
    CHECK(error_of(from + "CREATE TABLE x SORTKEY (0) AS SELECT a, b FROM s;") == "starshift.parse.ctas_column_unknown");
    CHECK(error_of(from + "CREATE TABLE x SORTKEY (2) AS SELECT a, b FROM s;").empty());
    CHECK(error_of(from + "CREATE TABLE x (c) AS SELECT a, b FROM s;") == "starshift.parse.syntax");
}

TEST_CASE("ddl names: a three-part name matches its schema and table") {
    CHECK(sp::table_key("Dev.Public.Sales") == "public.sales");
    CHECK(sp::table_key("\"Public\".sales") == "public.sales");
    const auto all = sp::parse_script("CREATE TABLE dev.public.sales (id INT);\n"
                                      "CREATE TABLE s2 (LIKE public.sales);\n"
                                      "COPY dev.public.sales FROM 's3://b/x' IAM_ROLE 'arn:aws:iam::1:role/R' CSV;");
    REQUIRE(all.size() == 3);
    CHECK(all[1].as_table()->columns.size() == 1);
    CHECK(all[2].as_copy()->table == "dev.public.sales");
    CHECK(sp::check_copies(all).empty());
}
