#include "starshift/load/redshift_functions.hpp"

#include <pqxx/transaction>

#include "starshift/load/detail/install.hpp"
#include "starshift/load/system_views.hpp"

namespace starshift::load {

namespace {

// Each function follows its page of Redshift's Database Developer Guide
// (https://docs.aws.amazon.com/redshift/latest/dg/<page>.html, named before it); the tests run the pages' examples
// (tests/integration/test_redshift_functions.cpp). A text overload takes the string literals Redshift converts
// implicitly ('2008-02-28'): PostgreSQL resolves an untyped literal to the text overload first.
const char* const functions_sql = R"sql(
-- r_Dateparts_for_datetime_functions: every spelling Redshift accepts, to the canonical lower-case name.
CREATE OR REPLACE FUNCTION starshift_redshift.date_part_name(part text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
DECLARE p text := lower(btrim(part));
BEGIN
    RETURN CASE
        WHEN p IN ('millennium', 'millennia', 'mil', 'mils') THEN 'millennium'
        WHEN p IN ('century', 'centuries', 'c', 'cent', 'cents') THEN 'century'
        WHEN p IN ('decade', 'decades', 'dec', 'decs') THEN 'decade'
        WHEN p = 'epoch' THEN 'epoch'
        WHEN p IN ('year', 'years', 'y', 'yr', 'yrs') THEN 'year'
        WHEN p IN ('quarter', 'quarters', 'qtr', 'qtrs') THEN 'quarter'
        WHEN p IN ('month', 'months', 'mon', 'mons') THEN 'month'
        WHEN p IN ('week', 'weeks', 'w') THEN 'week'
        WHEN p IN ('dayofweek', 'dow', 'dw', 'weekday') THEN 'dow'
        WHEN p IN ('dayofyear', 'doy', 'dy', 'yearday') THEN 'doy'
        WHEN p IN ('day', 'days', 'd') THEN 'day'
        WHEN p IN ('hour', 'hours', 'h', 'hr', 'hrs') THEN 'hour'
        WHEN p IN ('minute', 'minutes', 'm', 'min', 'mins') THEN 'minute'
        WHEN p IN ('second', 'seconds', 's', 'sec', 'secs') THEN 'second'
        WHEN p IN ('millisecond', 'milliseconds', 'ms', 'msec', 'msecs', 'msecond', 'mseconds', 'millisec',
                   'millisecs', 'millisecon') THEN 'millisecond'
        WHEN p IN ('microsecond', 'microseconds', 'microsec', 'microsecs', 'usecond', 'useconds', 'us', 'usec',
                   'usecs') THEN 'microsecond'
        ELSE starshift_redshift.refuse_part(part, 'a date part')
    END;
END $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.refuse_part(part text, what text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
BEGIN
    RAISE EXCEPTION 'starshift_redshift: "%" is not %', part, what USING ERRCODE = '22023';
END $f$;

-- r_DATEADD_function: TIMESTAMP for DATE and TIMESTAMP; months keep the day number (April 30 + 1 month = May 30),
-- years move 02-29 to 03-01 of a common year (dateadd(year, 1, '2016-02-29') = 2017-03-01).
CREATE OR REPLACE FUNCTION starshift_redshift.dateadd(part text, n bigint, t timestamp) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
DECLARE
    p text := starshift_redshift.date_part_name(part);
    r timestamp;
BEGIN
    CASE p
        WHEN 'year', 'decade', 'century', 'millennium' THEN
            r := t + make_interval(years => (n * CASE p WHEN 'year' THEN 1 WHEN 'decade' THEN 10
                                                     WHEN 'century' THEN 100 ELSE 1000 END)::integer);
            IF extract(day FROM r) <> extract(day FROM t) THEN
                r := r + interval '1 day';
            END IF;
        WHEN 'quarter' THEN r := t + make_interval(months => (3 * n)::integer);
        WHEN 'month' THEN r := t + make_interval(months => n::integer);
        WHEN 'week' THEN r := t + make_interval(days => (7 * n)::integer);
        WHEN 'day' THEN r := t + make_interval(days => n::integer);
        ELSE r := t + starshift_redshift.time_unit(p, 'DATEADD') * n;
    END CASE;
    RETURN r;
END $f$;

-- One unit of a time-of-day part (hour … microsecond) as an interval; any other part is refused for `fn`.
CREATE OR REPLACE FUNCTION starshift_redshift.time_unit(p text, fn text) RETURNS interval
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
BEGIN
    RETURN CASE p
        WHEN 'hour' THEN interval '1 hour'
        WHEN 'minute' THEN interval '1 minute'
        WHEN 'second' THEN interval '1 second'
        WHEN 'millisecond' THEN interval '1 millisecond'
        WHEN 'microsecond' THEN interval '1 microsecond'
        ELSE starshift_redshift.refuse_part(p, 'a date part ' || fn || ' takes here')::interval
    END;
END $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.dateadd(part text, n bigint, t date) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.dateadd(part, n, t::timestamp) $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.dateadd(part text, n bigint, t text) RETURNS timestamp
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.dateadd(part, n, t::timestamp) $f$;

-- TIMESTAMPTZ: the calendar arithmetic in UTC (Redshift's default session time zone).
CREATE OR REPLACE FUNCTION starshift_redshift.dateadd(part text, n bigint, t timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT starshift_redshift.dateadd(part, n, t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $f$;

-- TIME wraps around midnight (dateadd(hour, 12, time '13:24:55') = 01:24:55); TIMETZ comes back in UTC.
CREATE OR REPLACE FUNCTION starshift_redshift.dateadd(part text, n bigint, t time) RETURNS time
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT t + starshift_redshift.time_unit(starshift_redshift.date_part_name(part), 'DATEADD') * n $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.dateadd(part text, n bigint, t timetz) RETURNS timetz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT (t AT TIME ZONE 'UTC') + starshift_redshift.time_unit(starshift_redshift.date_part_name(part), 'DATEADD') * n
$f$;

-- r_DATEDIFF_function: BIGINT, the number of `part` boundaries crossed from a to b (negative when b is earlier);
-- weeks begin on Monday (DATE_TRUNC('week')).
CREATE OR REPLACE FUNCTION starshift_redshift.datediff(part text, a timestamp, b timestamp) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
DECLARE p text := starshift_redshift.date_part_name(part);
BEGIN
    RETURN CASE p
        WHEN 'millennium' THEN extract(millennium FROM b) - extract(millennium FROM a)
        WHEN 'century' THEN extract(century FROM b) - extract(century FROM a)
        WHEN 'decade' THEN floor(extract(year FROM b) / 10) - floor(extract(year FROM a) / 10)
        WHEN 'year' THEN extract(year FROM b) - extract(year FROM a)
        WHEN 'quarter' THEN (extract(year FROM b) * 4 + extract(quarter FROM b))
                          - (extract(year FROM a) * 4 + extract(quarter FROM a))
        WHEN 'month' THEN (extract(year FROM b) * 12 + extract(month FROM b))
                        - (extract(year FROM a) * 12 + extract(month FROM a))
        WHEN 'week' THEN (date_trunc('week', b)::date - date_trunc('week', a)::date) / 7
        WHEN 'day' THEN b::date - a::date
        ELSE starshift_redshift.time_boundaries(p, extract(epoch FROM a), extract(epoch FROM b))
    END;
END $f$;

-- Boundaries of a time-of-day part between two epoch values (seconds).
CREATE OR REPLACE FUNCTION starshift_redshift.time_boundaries(p text, a numeric, b numeric) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT (floor(b / u) - floor(a / u))::bigint
    FROM (SELECT extract(epoch FROM starshift_redshift.time_unit(p, 'DATEDIFF')) AS u) x $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.datediff(part text, a date, b date) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT starshift_redshift.datediff(part, a::timestamp, b::timestamp) $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.datediff(part text, a text, b text) RETURNS bigint
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$
    SELECT starshift_redshift.datediff(part, a::timestamp, b::timestamp) $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.datediff(part text, a timestamptz, b timestamptz) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT starshift_redshift.datediff(part, a AT TIME ZONE 'UTC', b AT TIME ZONE 'UTC') $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.datediff(part text, a time, b time) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT starshift_redshift.time_boundaries(starshift_redshift.date_part_name(part), extract(epoch FROM a),
                                              extract(epoch FROM b)) $f$;

-- TIMETZ: both in UTC first (datediff(hours, timetz '20:00:00 PST', timetz '00:58:00 EST') = 1).
CREATE OR REPLACE FUNCTION starshift_redshift.datediff(part text, a timetz, b timetz) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT starshift_redshift.datediff(part, (a AT TIME ZONE 'UTC')::time, (b AT TIME ZONE 'UTC')::time) $f$;

-- r_MONTHS_BETWEEN_function: FLOAT8; whole months from year and month, the fraction from day and time over a
-- 31-day month, a whole number when both are the same day of the month or both the last day of their months.
CREATE OR REPLACE FUNCTION starshift_redshift.months_between(d1 timestamp, d2 timestamp) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT ((extract(year FROM d1) * 12 + extract(month FROM d1))
            - (extract(year FROM d2) * 12 + extract(month FROM d2))
            + CASE WHEN extract(day FROM d1) = extract(day FROM d2)
                     OR (d1::date = (date_trunc('month', d1) + interval '1 month - 1 day')::date
                         AND d2::date = (date_trunc('month', d2) + interval '1 month - 1 day')::date)
                   THEN 0
                   ELSE ((extract(day FROM d1) + extract(epoch FROM d1::time) / 86400)
                         - (extract(day FROM d2) + extract(epoch FROM d2::time) / 86400)) / 31
              END)::double precision $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.months_between(d1 date, d2 date) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT starshift_redshift.months_between(d1::timestamp, d2::timestamp) $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.months_between(d1 text, d2 text) RETURNS double precision
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$
    SELECT starshift_redshift.months_between(d1::timestamp, d2::timestamp) $f$;

-- r_ADD_MONTHS: TIMESTAMP; the last day of a month stays the last day (add_months('2008-04-30', 1) = 2008-05-31),
-- a day the result month lacks becomes its last day.
CREATE OR REPLACE FUNCTION starshift_redshift.add_months(t timestamp, n integer) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT CASE WHEN t::date = (date_trunc('month', t) + interval '1 month - 1 day')::date
                THEN (date_trunc('month', t + make_interval(months => n)) + interval '1 month - 1 day')::date + t::time
                ELSE t + make_interval(months => n)
           END $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.add_months(t date, n integer) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.add_months(t::timestamp, n) $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.add_months(t text, n integer) RETURNS timestamp
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.add_months(t::timestamp, n) $f$;

-- r_LEN (and r_TEXTLEN): characters, not bytes; trailing blanks count for VARCHAR, not for CHAR (PostgreSQL's
-- length(bpchar) ignores them too); VARBYTE: bytes.
CREATE OR REPLACE FUNCTION starshift_redshift.len(s text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT length(s) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.len(s bpchar) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT length(s) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.len(s bytea) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT length(s) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.textlen(s text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT length(s) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.textlen(s bpchar) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT length(s) $f$;

-- r_CHARINDEX: the one-based character position of substring in string, 0 when absent (STRPOS, arguments swapped).
CREATE OR REPLACE FUNCTION starshift_redshift.charindex(needle text, haystack text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT strpos(haystack, needle) $f$;

-- r_STRTOL: BIGINT from a number in base 2..36 as C's strtol reads it: leading white space, one optional sign, an
-- optional 0x for base 16, then digits up to the first one that is not of the base; no digits gives 0. Out of the
-- signed 64-bit range: an error (SQLSTATE 22003).
CREATE OR REPLACE FUNCTION starshift_redshift.strtol(num_string text, base integer) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
DECLARE
    s text := ltrim(num_string, E' \t\n\r\f\v');
    negative boolean := false;
    r numeric := 0;
    d integer;
    i integer := 1;
BEGIN
    IF base < 2 OR base > 36 THEN
        RAISE EXCEPTION 'starshift_redshift: STRTOL base % is not between 2 and 36', base USING ERRCODE = '22023';
    END IF;
    IF left(s, 1) IN ('+', '-') THEN
        negative := left(s, 1) = '-';
        s := substr(s, 2);
    END IF;
    IF base = 16 AND lower(left(s, 2)) = '0x' THEN
        s := substr(s, 3);
    END IF;
    WHILE i <= length(s) LOOP
        d := strpos('0123456789abcdefghijklmnopqrstuvwxyz', lower(substr(s, i, 1))) - 1;
        EXIT WHEN d < 0 OR d >= base;
        r := r * base + d;
        IF r > (9223372036854775807::numeric + (CASE WHEN negative THEN 1 ELSE 0 END)) THEN
            RAISE EXCEPTION 'starshift_redshift: STRTOL(''%'', %) is out of the BIGINT range', num_string, base
                USING ERRCODE = '22003';
        END IF;
        i := i + 1;
    END LOOP;
    RETURN (CASE WHEN negative THEN -r ELSE r END)::bigint;
END $f$;

-- CONVERT_TIMEZONE: TIMESTAMP; the source time zone defaults to UTC. Names follow daylight saving time,
-- abbreviations are fixed offsets, POSIX forms count hours west (PostgreSQL's AT TIME ZONE reads all three).
CREATE OR REPLACE FUNCTION starshift_redshift.convert_timezone(source_tz text, target_tz text, t timestamp)
RETURNS timestamp LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$
    SELECT (t AT TIME ZONE source_tz) AT TIME ZONE target_tz $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.convert_timezone(source_tz text, target_tz text, t text)
RETURNS timestamp LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$
    SELECT (t::timestamp AT TIME ZONE source_tz) AT TIME ZONE target_tz $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.convert_timezone(target_tz text, t timestamp)
RETURNS timestamp LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$
    SELECT (t AT TIME ZONE 'UTC') AT TIME ZONE target_tz $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.convert_timezone(target_tz text, t text)
RETURNS timestamp LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$
    SELECT (t::timestamp AT TIME ZONE 'UTC') AT TIME ZONE target_tz $f$;

-- r_GETDATE: TIMESTAMP, the start of the current statement in the session's time zone, to the second.
CREATE OR REPLACE FUNCTION starshift_redshift.getdate() RETURNS timestamp
LANGUAGE sql STABLE PARALLEL SAFE AS $f$ SELECT date_trunc('second', statement_timestamp()::timestamp) $f$;

-- PG_LAST_COPY_ID (INTEGER, -1 before any COPY) and PG_LAST_COPY_COUNT (BIGINT, 0 before any COPY or after a failed
-- one) of the session, as the copy engine notes them (load::note_last_copy).
CREATE OR REPLACE FUNCTION starshift_redshift.pg_last_copy_id() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $f$
    SELECT coalesce(nullif(current_setting('starshift.last_copy_id', true), '')::integer, -1) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.pg_last_copy_count() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $f$
    SELECT coalesce(nullif(current_setting('starshift.last_copy_count', true), '')::bigint, 0) $f$;

-- r_TRUNC_date: DATE from a timestamp.
CREATE OR REPLACE FUNCTION starshift_redshift.trunc(t timestamp) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT t::date $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.trunc(t timestamptz) RETURNS date
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$ SELECT t::date $f$;

-- r_MEDIAN: PERCENTILE_CONT(0.5), NULLs ignored, NULL for no rows. Return type per argument type: SMALLINT,
-- INTEGER, BIGINT and DECIMAL give DECIMAL (exact: the middle value, or the mean of the two middle values with
-- their scale, more digits only when needed: 2.5 for 2 and 3, 15.00 for 10.00 and 20.00); REAL and
-- DOUBLE PRECISION give DOUBLE PRECISION; DATE, TIMESTAMP and TIMESTAMPTZ their own type.
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s numeric[], v numeric) RETURNS numeric[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s numeric[], v smallint) RETURNS numeric[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v::numeric) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s numeric[], v integer) RETURNS numeric[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v::numeric) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s numeric[], v bigint) RETURNS numeric[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v::numeric) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s double precision[], v double precision)
RETURNS double precision[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s double precision[], v real)
RETURNS double precision[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v::float8) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s timestamp[], v timestamp) RETURNS timestamp[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s timestamp[], v date) RETURNS timestamp[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v::timestamp) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_add(s timestamptz[], v timestamptz) RETURNS timestamptz[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT array_append(s, v) $f$;

CREATE OR REPLACE FUNCTION starshift_redshift.median_final(s numeric[]) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT CASE WHEN n = 0 THEN NULL WHEN n % 2 = 1 THEN o[(n + 1) / 2]
                ELSE round(m, greatest(scale(o[n / 2]), scale(o[n / 2 + 1]), scale(trim_scale(m)))) END
    FROM (SELECT o, n, (o[n / 2] + o[n / 2 + 1]) / 2 AS m
          FROM (SELECT array_agg(v ORDER BY v) AS o, count(*)::integer AS n FROM unnest(s) AS v) y) x $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_final(s double precision[]) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) FROM unnest(s) AS v $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_final(s timestamp[]) RETURNS timestamp
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT CASE WHEN n = 0 THEN NULL WHEN n % 2 = 1 THEN o[(n + 1) / 2] ELSE o[n / 2] + (o[n / 2 + 1] - o[n / 2]) / 2
           END
    FROM (SELECT array_agg(v ORDER BY v) AS o, count(*)::integer AS n FROM unnest(s) AS v) x $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_final(s timestamptz[]) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT CASE WHEN n = 0 THEN NULL WHEN n % 2 = 1 THEN o[(n + 1) / 2] ELSE o[n / 2] + (o[n / 2 + 1] - o[n / 2]) / 2
           END
    FROM (SELECT array_agg(v ORDER BY v) AS o, count(*)::integer AS n FROM unnest(s) AS v) x $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.median_date(s timestamp[]) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT starshift_redshift.median_final(s)::date $f$;

-- The MEDIAN aggregates themselves: median_aggregates_sql().

-- r_LAST_DAY: DATE, the last day of the month.
CREATE OR REPLACE FUNCTION starshift_redshift.last_day(t timestamp) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT (date_trunc('month', t) + interval '1 month - 1 day')::date $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.last_day(t date) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.last_day(t::timestamp) $f$;

-- r_NEXT_DAY: DATE, the first given weekday later than the date (a week later on that same weekday). The day is
-- a name or its abbreviation, any case (mo, mon, monday, …).
CREATE OR REPLACE FUNCTION starshift_redshift.next_day(t timestamp, day text) RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
DECLARE
    d text := lower(btrim(day));
    target integer;
BEGIN
    target := CASE
        WHEN d IN ('su', 'sun', 'sunday') THEN 0 WHEN d IN ('m', 'mo', 'mon', 'monday') THEN 1
        WHEN d IN ('tu', 'tue', 'tues', 'tuesday') THEN 2 WHEN d IN ('w', 'we', 'wed', 'wednesday') THEN 3
        WHEN d IN ('th', 'thu', 'thurs', 'thursday') THEN 4 WHEN d IN ('f', 'fr', 'fri', 'friday') THEN 5
        WHEN d IN ('sa', 'sat', 'saturday') THEN 6
    END;
    IF target IS NULL THEN
        RAISE EXCEPTION 'starshift_redshift: "%" is not a day of the week', day USING ERRCODE = '22023';
    END IF;
    RETURN t::date + (((target - extract(dow FROM t)::integer + 6) % 7) + 1);
END $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.next_day(t date, day text) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.next_day(t::timestamp, day) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.next_day(t text, day text) RETURNS date
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.next_day(t::timestamp, day) $f$;

-- r_DATE_CMP, r_TIMESTAMP_CMP, r_DATE_CMP_TIMESTAMP: INTEGER -1, 0 or 1.
CREATE OR REPLACE FUNCTION starshift_redshift.date_cmp(a date, b date) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT CASE WHEN a < b THEN -1 WHEN a > b THEN 1 ELSE 0 END $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.timestamp_cmp(a timestamp, b timestamp) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT CASE WHEN a < b THEN -1 WHEN a > b THEN 1 ELSE 0 END $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.date_cmp_timestamp(a date, b timestamp) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.timestamp_cmp(a::timestamp, b) $f$;

-- r_DATE_PART_YEAR: INTEGER.
CREATE OR REPLACE FUNCTION starshift_redshift.date_part_year(t date) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT extract(year FROM t)::integer $f$;

-- JSON functions on VARCHAR (PostgreSQL's take json): JSON_EXTRACT_PATH_TEXT, JSON_EXTRACT_ARRAY_ELEMENT_TEXT,
-- JSON_ARRAY_LENGTH, IS_VALID_JSON, IS_VALID_JSON_ARRAY. Invalid JSON is an error (SQLSTATE 22P02) unless
-- null_if_invalid is true. A missing path element gives NULL (the pages' examples; JSON_EXTRACT_PATH_TEXT's text
-- says an empty string), an array index out of bounds an empty string.
CREATE OR REPLACE FUNCTION starshift_redshift.json_of(s text, null_if_invalid boolean) RETURNS json
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $f$
BEGIN
    RETURN s::json;
EXCEPTION WHEN invalid_text_representation THEN
    IF null_if_invalid THEN
        RETURN NULL;
    END IF;
    RAISE;
END $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.json_extract_path_text(j text, VARIADIC path text[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT j::json #>> path $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.json_extract_path_text(j text, p1 text, null_if_invalid boolean)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT starshift_redshift.json_of(j, null_if_invalid) #>> ARRAY[p1] $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.json_extract_path_text(j text, p1 text, p2 text,
                                                                     null_if_invalid boolean)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT starshift_redshift.json_of(j, null_if_invalid) #>> ARRAY[p1, p2] $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.json_extract_path_text(j text, p1 text, p2 text, p3 text,
                                                                     null_if_invalid boolean)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT starshift_redshift.json_of(j, null_if_invalid) #>> ARRAY[p1, p2, p3] $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.json_extract_path_text(j text, p1 text, p2 text, p3 text, p4 text,
                                                                     null_if_invalid boolean)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT starshift_redshift.json_of(j, null_if_invalid) #>> ARRAY[p1, p2, p3, p4] $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.json_extract_path_text(j text, p1 text, p2 text, p3 text, p4 text,
                                                                     p5 text, null_if_invalid boolean)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT starshift_redshift.json_of(j, null_if_invalid) #>> ARRAY[p1, p2, p3, p4, p5] $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.json_extract_array_element_text(j text, pos integer,
                                                                              null_if_invalid boolean = false)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT CASE WHEN pos < 0 OR pos >= json_array_length(a) THEN '' ELSE a ->> pos END
    FROM (SELECT starshift_redshift.json_of(j, null_if_invalid) AS a) x $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.json_array_length(j text, null_if_invalid boolean = false)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
    SELECT json_array_length(starshift_redshift.json_of(j, null_if_invalid)) $f$;
-- Whether s is valid JSON whose top level is of json_typeof `kind`.
CREATE OR REPLACE FUNCTION starshift_redshift.json_is(s text, kind text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$
BEGIN
    RETURN json_typeof(s::json) = kind;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN false;
END $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.is_valid_json(s text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.json_is(s, 'object') $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.is_valid_json_array(s text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT starshift_redshift.json_is(s, 'array') $f$;

-- SHA2: the hexadecimal SHA-2 digest of the string's UTF-8 bytes with 0 (= 256), 224, 256, 384 or 512 bits; an
-- empty string for any other number of bits.
CREATE OR REPLACE FUNCTION starshift_redshift.sha2(s text, bits integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
    SELECT coalesce(encode(CASE bits WHEN 0 THEN sha256(convert_to(s, 'UTF8'))
                                     WHEN 224 THEN sha224(convert_to(s, 'UTF8'))
                                     WHEN 256 THEN sha256(convert_to(s, 'UTF8'))
                                     WHEN 384 THEN sha384(convert_to(s, 'UTF8'))
                                     WHEN 512 THEN sha512(convert_to(s, 'UTF8')) END, 'hex'), '') $f$;

-- r_REPLICATE: REPEAT. r_DEXP, r_DLOG1, r_DLOG10: EXP, LN and LOG of DOUBLE PRECISION.
CREATE OR REPLACE FUNCTION starshift_redshift.replicate(s text, n integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT repeat(s, n) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.dexp(x double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT exp(x) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.dlog1(x double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT ln(x) $f$;
CREATE OR REPLACE FUNCTION starshift_redshift.dlog10(x double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$ SELECT log(x) $f$;
)sql";

// CREATE OR REPLACE AGGREGATE starshift_redshift.median(<type>) for each argument type, with its state array type
// and final function.
std::string median_aggregates_sql() {
    struct median_kind {
        const char* argument;
        const char* state;
        const char* final_function;
    };
    static constexpr median_kind kinds[] = {
        {"smallint", "numeric[]", "median_final"},
        {"integer", "numeric[]", "median_final"},
        {"bigint", "numeric[]", "median_final"},
        {"numeric", "numeric[]", "median_final"},
        {"real", "double precision[]", "median_final"},
        {"double precision", "double precision[]", "median_final"},
        {"date", "timestamp[]", "median_date"},
        {"timestamp", "timestamp[]", "median_final"},
        {"timestamptz", "timestamptz[]", "median_final"},
    };
    std::string out;
    for (const auto& k : kinds) {
        out += std::string("CREATE OR REPLACE AGGREGATE starshift_redshift.median(") + k.argument +
               ") (SFUNC = starshift_redshift.median_add, STYPE = " + k.state +
               ", FINALFUNC = starshift_redshift." + k.final_function + ", INITCOND = '{}');\n";
    }
    return out;
}

}  // namespace

const std::string& redshift_functions_sql() {
    static const std::string sql = std::string(functions_sql) + median_aggregates_sql();
    return sql;
}

namespace {

int installed_version(pqxx::transaction_base& tx, const std::string& component) {
    const pqxx::result r = tx.exec_params(
"SELECT version FROM starshift_redshift.installed WHERE component = $1", component);
    return r.empty() ? 0 : r[0][0].as<int>();
}

}  // namespace

bool install_component(pqxx::transaction_base& tx, const std::string& component, int version,
                       const std::string& sql) {
    // Cheap when installed (no lock held for the rest of the caller's transaction).
    if (tx.exec1("SELECT to_regclass('starshift_redshift.installed') IS NOT NULL")[0].as<bool>() &&
        installed_version(tx, component) >= version)
        return false;
    // One installer at a time (CREATE SCHEMA IF NOT EXISTS and CREATE OR REPLACE race otherwise).
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('starshift_redshift install'))");
    tx.exec0("CREATE SCHEMA IF NOT EXISTS starshift_redshift");
    tx.exec0("CREATE TABLE IF NOT EXISTS starshift_redshift.installed (component text PRIMARY KEY, "
             "version integer NOT NULL, installed_at timestamptz NOT NULL DEFAULT now())");
    if (installed_version(tx, component) >= version) return false;
    tx.exec0(sql);
    tx.exec_params0("INSERT INTO starshift_redshift.installed (component, version) VALUES ($1, $2) "
                    "ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version, installed_at = now()",
                    component, version);
    return true;
}

bool install_redshift_functions(pqxx::transaction_base& tx) {
    return install_component(tx, "functions", redshift_functions_version, redshift_functions_sql());
}

void append_redshift_schema(pqxx::transaction_base& tx) {
    // Appended once: pg_catalog and the user's schemas still come first, as Redshift's own functions would.
    tx.exec("SELECT set_config('search_path', current_setting('search_path') || ', starshift_redshift', false) "
            "WHERE NOT 'starshift_redshift' = ANY (current_schemas(false))");
}

void prepare_redshift_session(pqxx::connection& conn) {
    pqxx::work tx(conn, "redshift_functions");
    install_redshift_functions(tx);
    install_system_views(tx);
    append_redshift_schema(tx);
    tx.commit();
}

}  // namespace starshift::load
