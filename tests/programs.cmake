# Smoke tests of the programs (sparkify, sparkify-sql, sparkify-datagen): --help, --version, a Redshift dry run
# that must show the IAM role and never a password, and a connection failure that must not print the password.
# No database is needed.
#
# Two modes in one file:
#   include(programs.cmake)            from tests/CMakeLists.txt: registers the CTest tests "programs/…"
#   cmake -DPROGRAM=… … -P programs.cmake   what each test runs: runs PROGRAM with ARGS and checks its exit code
#                                       and output (stdout and stderr together)
#
# Script-mode variables: PROGRAM; ARGS (arguments separated by '|'); EXPECT_EXIT ("0", or "nonzero");
# MUST_1..MUST_4 (regexes the output must match; write ';' as @SEMI@); MUST_NOT_1..MUST_NOT_4 (plain strings it must not contain);
# ENV_VARS ('|'-separated NAME=VALUE set for the program); WORK_DIR (run there; created); WRITE_DWH_CFG (when ON,
# writes WORK_DIR/dwh.cfg with a password and an IAM role, see below); CFG_FROM/CFG_TO (replace this text of that
# dwh.cfg by that one; @NL@ is a line break); FILE (a file of WORK_DIR, removed before the run) with FILE_MUST (a
# regex its content must match after the run).

if(CMAKE_SCRIPT_MODE_FILE)
  # ---------------------------------------------------------------- runner (cmake -P)
  if(NOT PROGRAM)
    message(FATAL_ERROR "programs.cmake: PROGRAM is required")
  endif()
  if(NOT WORK_DIR)
    set(WORK_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  file(MAKE_DIRECTORY "${WORK_DIR}")
  if(WRITE_DWH_CFG)
    file(WRITE "${WORK_DIR}/dwh.cfg"
"[CLUSTER]
HOST=it-cluster.abc123.us-west-2.redshift.amazonaws.com
DB_NAME=dwh
DB_USER=dwhuser
DB_PASSWORD=ItDwhPassw0rd4815
DB_PORT=5439

[IAM_ROLE]
ARN=arn:aws:iam::111122223333:role/itRedshiftRole

[S3]
LOG_DATA=s3://it-bucket/log_data
LOG_JSONPATH=s3://it-bucket/log_json_path.json
SONG_DATA=s3://it-bucket/song_data
")
    if(DEFINED CFG_FROM)
      file(READ "${WORK_DIR}/dwh.cfg" cfg_text)
      string(REPLACE "@NL@" "\n" cfg_from "${CFG_FROM}")
      string(REPLACE "@NL@" "\n" cfg_to "${CFG_TO}")
      string(FIND "${cfg_text}" "${cfg_from}" cfg_pos)
      if(cfg_pos EQUAL -1)
        message(FATAL_ERROR "CFG_FROM '${CFG_FROM}' is not in the written dwh.cfg")
      endif()
      string(REPLACE "${cfg_from}" "${cfg_to}" cfg_text "${cfg_text}")
      file(WRITE "${WORK_DIR}/dwh.cfg" "${cfg_text}")
    endif()
  endif()
  if(FILE)
    file(REMOVE "${WORK_DIR}/${FILE}")
  endif()
  string(REPLACE "|" ";" args "${ARGS}")
  string(REPLACE "|" ";" env_vars "${ENV_VARS}")
  foreach(kv IN LISTS env_vars)
    string(FIND "${kv}" "=" eq)
    string(SUBSTRING "${kv}" 0 ${eq} name)
    math(EXPR value_start "${eq} + 1")
    string(SUBSTRING "${kv}" ${value_start} -1 value)
    set(ENV{${name}} "${value}")
  endforeach()
  execute_process(COMMAND "${PROGRAM}" ${args}
                  WORKING_DIRECTORY "${WORK_DIR}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
  set(all "${out}${err}")
  set(failures "")
  if(EXPECT_EXIT STREQUAL "nonzero")
    if(rc STREQUAL "0" OR NOT rc MATCHES "^[0-9]+$")
      string(APPEND failures "expected a non-zero exit code, got '${rc}'\n")
    endif()
  elseif(NOT "${rc}" STREQUAL "${EXPECT_EXIT}")
    string(APPEND failures "expected exit code ${EXPECT_EXIT}, got '${rc}'\n")
  endif()
  foreach(i RANGE 1 4)
    if(DEFINED MUST_${i} AND NOT "${MUST_${i}}" STREQUAL "")
      # A ';' cannot travel through add_test's argument list: regexes spell it @SEMI@.
      string(REPLACE "@SEMI@" ";" re "${MUST_${i}}")
      if(NOT all MATCHES "${re}")
        string(APPEND failures "output does not match: ${re}\n")
      endif()
    endif()
    if(DEFINED MUST_NOT_${i} AND NOT "${MUST_NOT_${i}}" STREQUAL "")
      string(FIND "${all}" "${MUST_NOT_${i}}" pos)
      if(NOT pos EQUAL -1)
        string(APPEND failures "output contains what it must not: ${MUST_NOT_${i}}\n")
      endif()
    endif()
  endforeach()
  if(FILE)
    if(NOT EXISTS "${WORK_DIR}/${FILE}")
      string(APPEND failures "${FILE} was not written\n")
    else()
      file(READ "${WORK_DIR}/${FILE}" file_text)
      string(REPLACE "@SEMI@" ";" re "${FILE_MUST}")
      if(NOT file_text MATCHES "${re}")
        string(APPEND failures "${FILE} does not match: ${re}\n--- ${FILE}:\n${file_text}\n")
      endif()
    endif()
  endif()
  if(NOT failures STREQUAL "")
    message(FATAL_ERROR "${PROGRAM} ${args}\n${failures}--- output (exit ${rc}):\n${all}")
  endif()
  message(STATUS "ok: ${PROGRAM} ${args} (exit ${rc})")
  return()
endif()

# ---------------------------------------------------------------- registration (include())
set(_starshift_programs_script "${CMAKE_CURRENT_LIST_FILE}")
set(_starshift_programs_dir "${CMAKE_CURRENT_BINARY_DIR}/programs")

# starshift_program_test(NAME <test> PROGRAM <target> ARGS <a|b|c> [EXPECT_EXIT 0|1|2|nonzero] [MUST <re>…]
#                        [MUST_NOT <text>…] [ENV <NAME=VALUE>…] [WRITE_DWH_CFG [CFG_FROM <text> CFG_TO <text>]]
#                        [FILE <name> FILE_MUST <re>] [LABELS <label>…] [TARGET_LATER])
# TARGET_LATER: PROGRAM is a target defined after tests/ (the benches), registered without checking it exists.
function(starshift_program_test)
  cmake_parse_arguments(PT "WRITE_DWH_CFG;TARGET_LATER" "NAME;PROGRAM;ARGS;EXPECT_EXIT;CFG_FROM;CFG_TO;FILE;FILE_MUST"
                        "MUST;MUST_NOT;ENV;LABELS" ${ARGN})
  if(NOT PT_TARGET_LATER AND NOT TARGET ${PT_PROGRAM})
    return()
  endif()
  if(NOT PT_LABELS)
    set(PT_LABELS programs)
  endif()
  if(NOT DEFINED PT_EXPECT_EXIT)
    set(PT_EXPECT_EXIT 0)
  endif()
  set(defs -DPROGRAM=$<TARGET_FILE:${PT_PROGRAM}> "-DARGS=${PT_ARGS}" -DEXPECT_EXIT=${PT_EXPECT_EXIT}
           "-DWORK_DIR=${_starshift_programs_dir}/${PT_NAME}")
  set(i 0)
  foreach(re IN LISTS PT_MUST)
    math(EXPR i "${i} + 1")
    list(APPEND defs "-DMUST_${i}=${re}")
  endforeach()
  set(i 0)
  foreach(text IN LISTS PT_MUST_NOT)
    math(EXPR i "${i} + 1")
    list(APPEND defs "-DMUST_NOT_${i}=${text}")
  endforeach()
  if(PT_ENV)
    string(REPLACE ";" "|" env "${PT_ENV}")
    list(APPEND defs "-DENV_VARS=${env}")
  endif()
  if(PT_WRITE_DWH_CFG)
    list(APPEND defs -DWRITE_DWH_CFG=ON)
  endif()
  if(DEFINED PT_CFG_FROM)
    list(APPEND defs "-DCFG_FROM=${PT_CFG_FROM}" "-DCFG_TO=${PT_CFG_TO}")
  endif()
  if(PT_FILE)
    list(APPEND defs "-DFILE=${PT_FILE}" "-DFILE_MUST=${PT_FILE_MUST}")
  endif()
  add_test(NAME programs/${PT_NAME} COMMAND ${CMAKE_COMMAND} ${defs} -P ${_starshift_programs_script})
  set_tests_properties(programs/${PT_NAME} PROPERTIES LABELS "${PT_LABELS}" TIMEOUT 90)
endfunction()

# --help and --version: exit 0 and print something sensible.
starshift_program_test(NAME sparkify_help PROGRAM sparkify ARGS --help
  MUST "Usage: sparkify" "create-tables" "--target" "--dry-run")
starshift_program_test(NAME sparkify_version PROGRAM sparkify ARGS --version
  MUST "^sparkify \\(starshift\\) ${PROJECT_VERSION}")
starshift_program_test(NAME sparkify_sql_help PROGRAM sparkify-sql ARGS --help
  MUST "--dialect" "--what" "--out")
starshift_program_test(NAME sparkify_sql_version PROGRAM sparkify-sql ARGS --version
  MUST "^sparkify-sql ${PROJECT_VERSION}")
starshift_program_test(NAME sparkify_datagen_help PROGRAM sparkify-datagen ARGS --help
  MUST "--out" "--size" "--seed")
starshift_program_test(NAME sparkify_datagen_version PROGRAM sparkify-datagen ARGS --version
  MUST "^sparkify-datagen \\(starshift\\) [0-9]+\\.[0-9]+\\.[0-9]+")

# Without a command: usage on stderr, exit 2.
starshift_program_test(NAME sparkify_no_command PROGRAM sparkify ARGS --target|postgres EXPECT_EXIT 2
  MUST "Usage: sparkify")

# Redshift dry run with dwh.cfg (DB_PASSWORD) and AWS/PG secrets in the environment: COPY from S3 with the IAM
# role of dwh.cfg; no password or secret anywhere.
starshift_program_test(NAME sparkify_redshift_dry_run_masks_secrets PROGRAM sparkify
  ARGS --target|redshift|--dry-run|--config|dwh.cfg|etl WRITE_DWH_CFG
  ENV "AWS_ACCESS_KEY_ID=AKIAITTESTKEY0000001" "AWS_SECRET_ACCESS_KEY=ItAwsSecretKey/abc+123"
      "AWS_SESSION_TOKEN=ItAwsSessionToken999" "PGPASSWORD=ItPgPassw0rd42"
  MUST "COPY staging_events[^@SEMI@]*FROM 's3://it-bucket/log_data'[^@SEMI@]*IAM_ROLE 'arn:aws:iam::111122223333:role/itRedshiftRole'"
       "COPY staging_songs[^@SEMI@]*FROM 's3://it-bucket/song_data'[^@SEMI@]*IAM_ROLE 'arn:aws:iam::111122223333:role/itRedshiftRole'"
       "JSON 's3://it-bucket/log_json_path.json'"
  MUST_NOT "ItDwhPassw0rd4815" "ItAwsSecretKey" "ItAwsSessionToken999" "ItPgPassw0rd42")

# The same dwh.cfg without --target: its HOST is a Redshift endpoint, so the Redshift dialect is chosen.
starshift_program_test(NAME sparkify_redshift_host_picks_redshift_target PROGRAM sparkify
  ARGS --dry-run|--config|dwh.cfg|etl WRITE_DWH_CFG
  MUST "COPY staging_events[^@SEMI@]*FROM 's3://it-bucket/log_data'" "DISTKEY|TRUNCATE staging_events"
  MUST_NOT "ItDwhPassw0rd4815" "client-side copy engine")

# etl against an unreachable database (port 1 on localhost refuses) with a password in --db: an error, exit 1,
# and the password nowhere (URL form and key=value form).
starshift_program_test(NAME sparkify_unreachable_db_url_hides_password PROGRAM sparkify
  ARGS --db|postgresql://ituser:ItUrlSecretPw77@127.0.0.1:1/itdb?connect_timeout=5|--log-data|/nonexistent/log_data|--log-jsonpath|/nonexistent/paths.json|--song-data|/nonexistent/song_data|etl
  EXPECT_EXIT nonzero
  MUST "starshift.load.connect_failed" "127.0.0.1"
  MUST_NOT "ItUrlSecretPw77")
starshift_program_test(NAME sparkify_unreachable_db_keyvalue_hides_password PROGRAM sparkify
  ARGS "--db|host=127.0.0.1 port=1 dbname=itdb user=ituser password=ItKvSecretPw88 connect_timeout=5|--log-data|/nonexistent/log_data|--log-jsonpath|/nonexistent/paths.json|--song-data|/nonexistent/song_data|etl"
  EXPECT_EXIT nonzero
  MUST "starshift.load.connect_failed"
  MUST_NOT "ItKvSecretPw88")
# The password from dwh.cfg (DB_PASSWORD, used with PGHOST/PGPORT from the environment, which outranks the implicit
# ./dwh.cfg) is not printed either when the connection fails.
starshift_program_test(NAME sparkify_unreachable_db_config_hides_password PROGRAM sparkify
  ARGS --log-data|/nonexistent/log_data|--log-jsonpath|/nonexistent/paths.json|--song-data|/nonexistent/song_data|etl
  WRITE_DWH_CFG ENV "PGHOST=127.0.0.1" "PGPORT=1" "PGCONNECT_TIMEOUT=5"
  EXPECT_EXIT nonzero
  MUST "starshift.load.connect_failed"
  MUST_NOT "ItDwhPassw0rd4815")

# starshift (check/render Redshift SQL).
set(_starshift_corpus "${PROJECT_SOURCE_DIR}/tests/data/redshift")
starshift_program_test(NAME starshift_help PROGRAM starshift-cli ARGS --help
  MUST "Usage: starshift check" "render" "--dialect")
starshift_program_test(NAME starshift_version PROGRAM starshift-cli ARGS --version MUST "starshift [0-9]+\\.[0-9]+")
starshift_program_test(NAME starshift_check_corpus PROGRAM starshift-cli
  ARGS check|${_starshift_corpus}/tickit.sql|${_starshift_corpus}/ssb.sql|${_starshift_corpus}/sparkify.sql|${_starshift_corpus}/copy.sql|${_starshift_corpus}/tpch.sql|${_starshift_corpus}/tpcds.sql|${_starshift_corpus}/events.sql|${_starshift_corpus}/docs.sql
  MUST "0 problem")
starshift_program_test(NAME starshift_check_invalid PROGRAM starshift-cli
  ARGS check|${_starshift_corpus}/tickit.sql|${_starshift_corpus}/invalid.sql
  EXPECT_EXIT nonzero
  MUST "invalid.sql:23:13: \\[starshift.model.multiple_distkeys\\]" "invalid.sql:18:1: \\[starshift.model.distkey_column_missing\\]"
       "invalid.sql:33:96: \\[starshift.model.interleaved_sortkey_too_wide\\]" "invalid.sql:6:3: \\[starshift.model.encoding_invalid_for_type\\]")
starshift_program_test(NAME starshift_render_postgres PROGRAM starshift-cli
  ARGS render|--dialect|postgres|${_starshift_corpus}/sparkify.sql
  MUST "CREATE INDEX IF NOT EXISTS songplays_sortkey ON songplays \\(artist_id\\)" "GENERATED BY DEFAULT AS IDENTITY"
       "--   [^\n]*DISTSTYLE KEY@SEMI@ DISTKEY \\(user_id\\)\n"
       "--   starshift run [^ ]*sparkify.sql --db URL --s3-map"
  MUST_NOT "IAM_ROLE" "FORMAT AS JSON")
starshift_program_test(NAME starshift_render_postgres_translates_queries PROGRAM starshift-cli
  ARGS render|--dialect|postgres|${PROJECT_SOURCE_DIR}/tests/data/redshift/run/sparkify_queries.sql
  MUST "CAST\\(DATE_PART\\('dow', TIMESTAMP 'epoch' \\+ ts / 1000 \\* INTERVAL '1 second'\\) AS INTEGER\\)"
       "DATE_PART\\('hour', start_time\\) AS hr" "\\) AS starshift_derived_1" "COALESCE\\(artist, 'unknown'\\)"
  MUST_NOT "TOP 1" "NVL")
starshift_program_test(NAME starshift_render_untranslatable_query PROGRAM starshift-cli
  ARGS render|--dialect|postgres|${PROJECT_SOURCE_DIR}/tests/data/redshift/run/untranslatable.sql
  EXPECT_EXIT 1
  MUST "untranslatable.sql:4:1: \\[starshift.sql.untranslatable\\] DATE_PART: 'fortnight' is not a date part")
starshift_program_test(NAME starshift_render_redshift_masks_secrets PROGRAM starshift-cli
  ARGS render|${_starshift_corpus}/copy.sql
  MUST "SECRET_ACCESS_KEY '\\*\\*\\*'" "COPY category"
  MUST_NOT "wJalrXUtnFEMI" "secretEXAMPLE" "tokenEXAMPLE")

# sparkify-bench: --help and an unknown option, no database needed. The target is defined later (bench/ is added
# after tests/): TARGET_LATER.
if(STARSHIFT_BUILD_BENCH AND STARSHIFT_BUILD_DB)
  starshift_program_test(NAME sparkify_bench_help PROGRAM sparkify-bench TARGET_LATER LABELS programs bench-smoke
    ARGS --help MUST "usage: sparkify-bench" "--sizes" "--scratch-db")
  starshift_program_test(NAME sparkify_bench_bad_option PROGRAM sparkify-bench TARGET_LATER LABELS programs bench-smoke
    ARGS "--db|postgresql://x@127.0.0.1:1/x|--sizes|ten" EXPECT_EXIT 2
    MUST "starshift.sparkify.datagen_bad_option\\] --sizes 'ten'")
endif()

# starshift check warnings and starshift run. No database: planning fails before connecting.
set(_starshift_run_dir "${PROJECT_SOURCE_DIR}/tests/data/redshift/run")
starshift_program_test(NAME starshift_check_warnings PROGRAM starshift-cli
  ARGS check|${PROJECT_SOURCE_DIR}/tests/data/redshift/check/warnings.sql
  MUST "warnings.sql:2: warning: \\[starshift.model.sortkey_encoded\\] table clicks, column clicked_at"
       "warnings.sql:9: warning: \\[starshift.model.interleaved_monotonic\\]" "0 problem\\(s\\), 3 warning\\(s\\)")
starshift_program_test(NAME starshift_run_help PROGRAM starshift-cli ARGS run|--help
  MUST "Usage: starshift run FILE" "--s3-map" "--enforce-constraints" "--node-type")
starshift_program_test(NAME starshift_run_bad_node_type PROGRAM starshift-cli
  ARGS run|${_starshift_run_dir}/json.sql|--node-type|dc1.huge|--dry-run EXPECT_EXIT 2
  MUST "starshift.cli.bad_option.*dc1.huge")
starshift_program_test(NAME starshift_help_lists_run PROGRAM starshift-cli ARGS --help MUST "starshift run FILE")
starshift_program_test(NAME starshift_run_unmapped_s3 PROGRAM starshift-cli
  ARGS run|${_starshift_run_dir}/json.sql|--db|postgresql://nobody@127.0.0.1:1/none EXPECT_EXIT 1
  MUST "json.sql:19:1: \\[starshift.run.s3_unmapped\\] COPY from s3://run-bucket/category/category_object_auto.json")
starshift_program_test(NAME starshift_run_no_db PROGRAM starshift-cli ARGS run|${_starshift_run_dir}/json.sql
  EXPECT_EXIT 2 MUST "--db URL")
starshift_program_test(NAME starshift_run_bad_map PROGRAM starshift-cli
  ARGS run|${_starshift_run_dir}/json.sql|--s3-map|run-bucket=/tmp|--dry-run EXPECT_EXIT 2
  MUST "starshift.cli.bad_option.*--s3-map")
starshift_program_test(NAME starshift_run_dry_run PROGRAM starshift-cli
  ARGS run|${_starshift_run_dir}/statements.sql|${_starshift_run_dir}/json.sql|--s3-map|s3://run-bucket=${_starshift_run_dir}/data|--dry-run
  MUST "statements.sql:15: skip \\(VACUUM" "json.sql:19: copy" "-> ${_starshift_run_dir}/data/category/category_object_auto.json"
       "CREATE TABLE IF NOT EXISTS venue")
starshift_program_test(NAME starshift_run_unreachable_db PROGRAM starshift-cli
  ARGS run|${_starshift_run_dir}/statements.sql|--db|postgresql://u:SecretPw99@127.0.0.1:1/none EXPECT_EXIT 1
  MUST "starshift.load.connect_failed" MUST_NOT "SecretPw99")

# sparkify-bench cluster mode: --target redshift --dry-run with a written dwh.cfg prints
# the exact SQL (the variants' DDL, result cache off, the staging COPY with the IAM role, the system-view reads keyed
# on pg_last_query_id()) and never the password or an AWS secret; an unknown variant is a bad option.
if(STARSHIFT_BUILD_BENCH AND STARSHIFT_BUILD_DB)
  starshift_program_test(NAME sparkify_bench_cluster_dry_run PROGRAM sparkify-bench TARGET_LATER
    LABELS programs bench-smoke ARGS "--target|redshift|--config|dwh.cfg|--dry-run" WRITE_DWH_CFG
    ENV "AWS_SECRET_ACCESS_KEY=ItAwsSecretKey/abc+123" "PGPASSWORD=ItPgPassw0rd42"
    MUST "-- \\[key\\(song_id\\)/start_time\\] ddl: create songplays\nCREATE TABLE songplays [^@SEMI@]*DISTSTYLE KEY\nDISTKEY \\(song_id\\)\nCOMPOUND SORTKEY \\(start_time\\)@SEMI@"
         "-- \\[all/none\\] ddl: create songplays\nCREATE TABLE songplays [^@SEMI@]*DISTSTYLE ALL@SEMI@\n\n[^\n]*\nALTER TABLE songplays ALTER SORTKEY NONE@SEMI@"
         "^-- sparkify-bench[^\n]*\n-- connection: [^\n]*it-cluster[^\n]*\n-- cluster benchmark: 12 variant[^\n]*\n\n-- setup: result cache off\nSET enable_result_cache_for_session TO off@SEMI@"
         "COPY staging_events[^@SEMI@]*IAM_ROLE 'arn:aws:iam::111122223333:role/itRedshiftRole'.*query_timed: top_songs \\(run 2, timed\\).*svl_query_summary s ON s.query = last.query.*FROM svv_table_info"
    MUST_NOT "ItDwhPassw0rd4815" "ItAwsSecretKey" "ItPgPassw0rd42" "query_warmup: top_songs (run 2")
  starshift_program_test(NAME sparkify_bench_cluster_unknown_variant PROGRAM sparkify-bench TARGET_LATER
    LABELS programs bench-smoke ARGS "--target|redshift|--config|dwh.cfg|--dry-run|--variants|even/artist_id,key(nope)/none"
    EXPECT_EXIT nonzero WRITE_DWH_CFG
    MUST "starshift.bench.bad_option.*key\\(nope\\)/none.*known: even/artist_id" MUST_NOT "ItDwhPassw0rd4815")
endif()

# sparkify advise: --verify --dry-run with dwh.cfg on synthetic in-memory data: the ranked
# advice names the seed and its rank, and the cluster SQL (COPY with the IAM role, EXPLAIN and stl_scan per timed
# query) is printed with no password.
starshift_program_test(NAME sparkify_advise_verify_dry_run PROGRAM sparkify
  ARGS advise|--verify|--dry-run|--synthetic|5000|--variants|2 WRITE_DWH_CFG
  ENV "PGPASSWORD=ItPgPassw0rd42"
  MUST "seed KEY\\(user_id\\) SORTKEY\\(artist_id\\) ranks [0-9]+ of [0-9]+"
       "COPY staging_events[^@SEMI@]*IAM_ROLE 'arn:aws:iam::111122223333:role/itRedshiftRole'"
       "EXPLAIN SELECT" "LEFT JOIN stl_scan s ON s.query = last.query"
  MUST_NOT "ItDwhPassw0rd4815" "ItPgPassw0rd42")
starshift_program_test(NAME sparkify_advise_help PROGRAM sparkify ARGS advise|--help
  MUST "Usage: sparkify advise" "--node-type" "--verify" "--dry-run")
starshift_program_test(NAME starshift_advise_help PROGRAM starshift-cli ARGS advise|--help
  MUST "Usage: starshift advise FILE.sql" "--queries" "--default-diststyle" "3 advice given but no statement")

# `starshift explain`: the predicted plan of a golden case (tests/data/redshift/plans) compared with the plan
# Redshift printed for it; a query that cannot be analysed is reported and the next one still planned.
set(_starshift_golden "${PROJECT_SOURCE_DIR}/tests/data/redshift/plans/docs-explain-example-before")
starshift_program_test(NAME starshift_explain_compare_golden PROGRAM starshift-cli
  ARGS "explain|${_starshift_golden}/schema.sql|${_starshift_golden}/schema-facts.sql|${_starshift_golden}/query.sql|--stats-file|${_starshift_golden}/stats.txt|--compare|${_starshift_golden}/explain.txt|--json|plan.json"
  MUST "XN Merge Join DS_DIST_NONE" "Rule: " "  20  yes    Merge Join DS_DIST_NONE" "agreement: 6 of 6 joins"
  FILE plan.json FILE_MUST "\"agreeing\": 6, \"compared\": 6")
set(_starshift_cat_event "${PROJECT_SOURCE_DIR}/tests/data/redshift/plans/docs-category-event")
starshift_program_test(NAME starshift_explain_goes_on_after_a_query_it_cannot_analyse PROGRAM starshift-cli
  ARGS "explain|${_starshift_cat_event}/schema.sql|${_starshift_cat_event}/schema-facts.sql|${PROJECT_SOURCE_DIR}/tests/data/redshift/explain_queries.sql|--stats|category=11|--stats|event=8798"
  EXPECT_EXIT 1
  MUST "explain_queries.sql:3: cannot analyse the query: \\[starshift.tune.unanalysable\\]" "explain_queries.sql:4"
       "XN Hash Join DS_BCAST_INNER")
starshift_program_test(NAME starshift_explain_help PROGRAM starshift-cli ARGS explain|--help
  MUST "Usage: starshift explain SCHEMA.sql... QUERY.sql" "--compare" "--default-diststyle" "--stats-file")
starshift_program_test(NAME starshift_explain_usage PROGRAM starshift-cli ARGS "explain|--stats|x=1"
  EXPECT_EXIT 2 MUST "\\[starshift.cli.bad_option\\] give at least one SCHEMA.sql")
starshift_program_test(NAME starshift_explain_bad_stats PROGRAM starshift-cli
  ARGS "explain|a.sql|b.sql|--stats|sales=many" EXPECT_EXIT 2 MUST "starshift.tune.bad_stats")

# ---------------------------------------------------------------- configuration that says what it does
# Precedence: flags, the --config file, the environment (STARSHIFT_*, then PG*), the implicit ./dwh.cfg, defaults.
# `sparkify config` prints each setting with its origin; secrets are masked.
starshift_program_test(NAME sparkify_config_file_beats_pgdatabase PROGRAM sparkify
  ARGS --config|dwh.cfg|config WRITE_DWH_CFG ENV "PGDATABASE=ItEnvDb" "PGPORT=6543"
  MUST "CLUSTER.DB_NAME +=  *dwh  \\(dwh.cfg:3\\)" "CLUSTER.DB_PORT += 5439  \\(dwh.cfg:6\\)"
       "CLUSTER.DB_PASSWORD += \\*\\*\\*" "target += redshift"
  MUST_NOT "ItEnvDb" "ItDwhPassw0rd4815")
starshift_program_test(NAME sparkify_config_environment_beats_implicit_dwh_cfg PROGRAM sparkify
  ARGS config WRITE_DWH_CFG ENV "PGDATABASE=ItEnvDb"
  MUST "CLUSTER.DB_NAME += ItEnvDb  \\(environment PGDATABASE\\)" "CLUSTER.DB_USER += dwhuser  \\(dwh.cfg:4 \\(implicit"
  MUST_NOT "ItDwhPassw0rd4815")
starshift_program_test(NAME sparkify_config_shows_flags_defaults_and_masks_secrets PROGRAM sparkify
  ARGS --config|dwh.cfg|--iam-role|arn:aws:iam::444455556666:role/flagRole|--db|postgresql://u:ItUrlPw31@h/d|config
  WRITE_DWH_CFG CFG_FROM "SONG_DATA=s3://it-bucket/song_data"
  CFG_TO "SONG_DATA=s3://it-bucket/song_data@NL@@NL@[AWS]@NL@KEY=AKIAITKEY@NL@SECRET=ItAwsCfgSecret@NL@SESSION_TOKEN=ItCfgToken"
  MUST "IAM_ROLE.ARN += arn:aws:iam::444455556666:role/flagRole  \\(flag --iam-role\\)"
       "S3.REGION += us-west-2  \\(default\\)" "DATABASE_URL += postgresql://u:\\*\\*\\*@h/d  \\(flag --db\\)"
       "AWS.SECRET += \\*\\*\\*"
  MUST_NOT "ItDwhPassw0rd4815" "ItUrlPw31" "ItAwsCfgSecret" "ItCfgToken" "AKIAITKEY")
starshift_program_test(NAME sparkify_config_misspelled_key PROGRAM sparkify
  ARGS --config|dwh.cfg|etl WRITE_DWH_CFG CFG_FROM "LOG_DATA=" CFG_TO "LOG_DAT=" EXPECT_EXIT 2
  MUST "\\[starshift.config.unknown_key\\] dwh.cfg:12: unknown key LOG_DAT in \\[S3\\]@SEMI@ did you mean LOG_DATA\\?"
  MUST_NOT "connect" "ItDwhPassw0rd4815")
starshift_program_test(NAME sparkify_config_misspelled_section PROGRAM sparkify
  ARGS --config|dwh.cfg|create-tables WRITE_DWH_CFG CFG_FROM "[CLUSTER]" CFG_TO "[CLUSTR]" EXPECT_EXIT 2
  MUST "\\[starshift.config.unknown_section\\] dwh.cfg:1: unknown section \\[CLUSTR\\]@SEMI@ did you mean \\[CLUSTER\\]\\?"
  MUST_NOT "connect_failed" "socket")
starshift_program_test(NAME sparkify_config_lowercase_like_configparser PROGRAM sparkify
  ARGS --config|dwh.cfg|config WRITE_DWH_CFG
  CFG_FROM "[S3]@NL@LOG_DATA=s3://it-bucket/log_data" CFG_TO "[s3]@NL@log_data = s3://it-bucket/lower_log_data"
  MUST "S3.LOG_DATA += s3://it-bucket/lower_log_data  \\(dwh.cfg:12\\)")
starshift_program_test(NAME sparkify_config_duplicate_key PROGRAM sparkify
  ARGS --config|dwh.cfg|config WRITE_DWH_CFG CFG_FROM "DB_PORT=5439" CFG_TO "DB_PORT=5439@NL@db_port=5440"
  EXPECT_EXIT 2
  MUST "\\[starshift.config.duplicate_key\\] dwh.cfg:7: db_port in \\[CLUSTER\\] is already set at dwh.cfg:6")
starshift_program_test(NAME sparkify_config_duplicate_section PROGRAM sparkify
  ARGS --config|dwh.cfg|config WRITE_DWH_CFG CFG_FROM "SONG_DATA=s3://it-bucket/song_data"
  CFG_TO "SONG_DATA=s3://it-bucket/song_data@NL@[Cluster]@NL@HOST=x" EXPECT_EXIT 2
  MUST "\\[starshift.config.duplicate_section\\] dwh.cfg:15: section \\[Cluster\\] already starts at dwh.cfg:1")
starshift_program_test(NAME sparkify_config_unreadable_file PROGRAM sparkify
  ARGS --config|no-such.cfg|config EXPECT_EXIT 2 MUST "^sparkify: \\[starshift.config.unreadable\\]")

# ---------------------------------------------------------------- Redshift target sanity
# An empty ARN (the seed's own value) is never replaced by an invented one: printed SQL shows a placeholder, warns
# and exits 2; a run refuses before connecting.
starshift_program_test(NAME sparkify_redshift_sql_missing_arn PROGRAM sparkify
  ARGS --config|dwh.cfg|--log-file|run.log|sql WRITE_DWH_CFG
  CFG_FROM "ARN=arn:aws:iam::111122223333:role/itRedshiftRole" CFG_TO "ARN=" EXPECT_EXIT 2
  FILE run.log FILE_MUST "warning: \\[starshift.config.iam_role_missing\\]"
  MUST "IAM_ROLE 'arn:aws:iam::<ACCOUNT>:role/<IAM_ROLE ARN missing>'"
       "sparkify: warning: \\[starshift.config.iam_role_missing\\][^\n]*empty at dwh.cfg:9"
  MUST_NOT "123456789012" "ItDwhPassw0rd4815")
starshift_program_test(NAME sparkify_redshift_dry_run_missing_arn PROGRAM sparkify
  ARGS --config|dwh.cfg|--dry-run|etl WRITE_DWH_CFG CFG_FROM "ARN=arn:aws:iam::111122223333:role/itRedshiftRole"
  CFG_TO "ARN=" EXPECT_EXIT 2
  MUST "COPY staging_events[^@SEMI@]*<IAM_ROLE ARN missing>" "warning: \\[starshift.config.iam_role_missing\\]"
  MUST_NOT "123456789012")
starshift_program_test(NAME sparkify_redshift_run_missing_arn PROGRAM sparkify
  ARGS --config|dwh.cfg|etl WRITE_DWH_CFG CFG_FROM "ARN=arn:aws:iam::111122223333:role/itRedshiftRole"
  CFG_TO "ARN=" EXPECT_EXIT 2
  MUST "^sparkify: \\[starshift.config.iam_role_missing\\]" MUST_NOT "connect_failed" "COPY staging")
starshift_program_test(NAME sparkify_redshift_local_paths PROGRAM sparkify
  ARGS --target|redshift|--iam-role|arn:aws:iam::111122223333:role/r|--log-data|/home/it/log_data|sql EXPECT_EXIT 2
  MUST "\\[starshift.config.local_path_for_redshift\\] S3.LOG_DATA = '/home/it/log_data' \\(flag --log-data\\)"
  MUST_NOT "COPY staging_events")
starshift_program_test(NAME sparkify_advise_verify_dry_run_missing_arn PROGRAM sparkify
  ARGS advise|--verify|--dry-run|--synthetic|2000|--variants|1 WRITE_DWH_CFG
  CFG_FROM "ARN=arn:aws:iam::111122223333:role/itRedshiftRole" CFG_TO "ARN=" EXPECT_EXIT 2
  MUST "IAM_ROLE 'arn:aws:iam::<ACCOUNT>:role/<IAM_ROLE ARN missing>'" "warning: \\[starshift.config.iam_role_missing\\]"
  MUST_NOT "123456789012")
if(STARSHIFT_BUILD_BENCH AND STARSHIFT_BUILD_DB)
  starshift_program_test(NAME sparkify_bench_cluster_dry_run_missing_arn PROGRAM sparkify-bench TARGET_LATER
    LABELS programs bench-smoke ARGS "--target|redshift|--config|dwh.cfg|--dry-run|--variants|even/artist_id"
    EXPECT_EXIT 2 WRITE_DWH_CFG CFG_FROM "ARN=arn:aws:iam::111122223333:role/itRedshiftRole" CFG_TO "ARN="
    MUST "IAM_ROLE 'arn:aws:iam::<ACCOUNT>:role/<IAM_ROLE ARN missing>'"
         "sparkify-bench: warning: \\[starshift.config.iam_role_missing\\]"
    MUST_NOT "123456789012")
  starshift_program_test(NAME sparkify_bench_cluster_local_paths PROGRAM sparkify-bench TARGET_LATER
    LABELS programs bench-smoke ARGS "--target|redshift|--config|dwh.cfg|--dry-run" EXPECT_EXIT 2
    WRITE_DWH_CFG CFG_FROM "SONG_DATA=s3://it-bucket/song_data" CFG_TO "SONG_DATA=./song_data"
    MUST "\\[starshift.config.local_path_for_redshift\\] S3.SONG_DATA = './song_data' \\(dwh.cfg:14\\)")
  starshift_program_test(NAME sparkify_bench_size_zero PROGRAM sparkify-bench TARGET_LATER
    LABELS programs bench-smoke ARGS "--db|postgresql://x@127.0.0.1:1/x|--sizes|10MB,0" EXPECT_EXIT 2
    MUST "\\[starshift.sparkify.datagen_bad_option\\] --sizes '0': must be at least one byte")
endif()

# ---------------------------------------------------------------- CLI consistency
# Exit status everywhere: 0 success, 1 a failed run or check, 2 a usage or configuration error.
starshift_program_test(NAME sparkify_help_lists_commands_and_exit_status PROGRAM sparkify ARGS --help
  MUST "\n  config +print every effective setting" "\n  advise " "Exit status: 0 success@SEMI@ 1 a failed run or a failed check@SEMI@ 2 a usage or configuration error"
       "highest precedence first: flags@SEMI@ the file named by --config@SEMI@ the environment")
starshift_program_test(NAME sparkify_etl_help PROGRAM sparkify ARGS etl|--help
  MUST "^Usage: sparkify \\[options\\] etl\n" "run create-tables first" "--maxerror" "Exit status"
  MUST_NOT "Commands:" "--data-dir")
starshift_program_test(NAME sparkify_config_help PROGRAM sparkify ARGS config|--help
  MUST "^Usage: sparkify \\[options\\] config\n" "where it comes from" MUST_NOT "Commands:" "--dry-run")
starshift_program_test(NAME sparkify_demo_help PROGRAM sparkify ARGS demo|--help
  MUST "^Usage: sparkify \\[options\\] demo\n" "--size" "--start-postgres" MUST_NOT "Commands:")
starshift_program_test(NAME sparkify_unknown_command PROGRAM sparkify ARGS frobnicate EXPECT_EXIT 2
  MUST "\\[starshift.cli.unknown_command\\] unknown command 'frobnicate'.*advise")
starshift_program_test(NAME sparkify_bad_option_exit_2 PROGRAM sparkify ARGS --no-such-flag|etl EXPECT_EXIT 2
  MUST "\\[starshift.cli.bad_option\\]")
starshift_program_test(NAME sparkify_bad_target_exit_2 PROGRAM sparkify ARGS --target|oracle|sql EXPECT_EXIT 2
  MUST "\\[starshift.cli.bad_option\\] --target must be postgres or redshift")
starshift_program_test(NAME sparkify_maxerror_out_of_range PROGRAM sparkify ARGS --maxerror|-1|sql EXPECT_EXIT 2
  MUST "\\[starshift.cli.bad_option\\] --maxerror -1")
starshift_program_test(NAME sparkify_maxerror_reaches_copy PROGRAM sparkify
  ARGS --target|redshift|--iam-role|arn:aws:iam::111122223333:role/r|--maxerror|25|sql
  MUST "COPY staging_events[^@SEMI@]*MAXERROR 25" "COPY staging_songs[^@SEMI@]*MAXERROR 25")
starshift_program_test(NAME sparkify_log_file_unopenable PROGRAM sparkify
  ARGS --log-file|/nonexistent-starshift-dir/run.log|--db|postgresql://u@127.0.0.1:1/x|etl EXPECT_EXIT 2
  MUST "^sparkify: \\[starshift.cli.log_file\\] cannot open --log-file /nonexistent-starshift-dir/run.log"
  MUST_NOT "connect_failed")
starshift_program_test(NAME sparkify_connect_error_reaches_log_file PROGRAM sparkify
  ARGS --log-file|run.log|--db|postgresql://ituser:ItLogPw55@127.0.0.1:1/itdb?connect_timeout=5|--log-data|/nonexistent/l|--log-jsonpath|/nonexistent/p.json|--song-data|/nonexistent/s|etl
  EXPECT_EXIT 1 FILE run.log
  FILE_MUST "error: \\[starshift.load.connect_failed\\] cannot connect to postgresql://ituser:\\*\\*\\*@127.0.0.1:1/itdb[^\n]*\\(libpq: "
  MUST "^sparkify: \\[starshift.load.connect_failed\\] cannot connect to postgresql" MUST_NOT "ItLogPw55")
starshift_program_test(NAME sparkify_config_error_reaches_log_file PROGRAM sparkify
  ARGS --log-file|run.log|--config|dwh.cfg|etl WRITE_DWH_CFG CFG_FROM "[S3]" CFG_TO "[S4]" EXPECT_EXIT 2
  FILE run.log FILE_MUST "error: \\[starshift.config.unknown_section\\] dwh.cfg:11: unknown section \\[S4\\]")
starshift_program_test(NAME sparkify_connect_failed_has_no_empty_field PROGRAM sparkify
  ARGS --log-data|/nonexistent/l|--log-jsonpath|/nonexistent/p.json|--song-data|/nonexistent/s|etl
  ENV "PGHOST=127.0.0.1" "PGPORT=1" "PGCONNECT_TIMEOUT=5" EXPECT_EXIT 1
  MUST "\\[starshift.load.connect_failed\\] cannot connect to host='127.0.0.1' port='1' \\(libpq: [^)]"
  MUST_NOT ": :")
# --size: one validation (sparkify::size_option) for sparkify demo, sparkify-datagen and sparkify-bench.
starshift_program_test(NAME sparkify_demo_size_zero PROGRAM sparkify ARGS demo|--size|0|--data-dir|d EXPECT_EXIT 2
  MUST "^sparkify: \\[starshift.sparkify.datagen_bad_option\\] --size '0': must be at least one byte")
starshift_program_test(NAME sparkify_datagen_size_zero PROGRAM sparkify-datagen ARGS --out|d|--size|0 EXPECT_EXIT 2
  MUST "^sparkify-datagen: \\[starshift.sparkify.datagen_bad_option\\] --size '0': must be at least one byte")
starshift_program_test(NAME sparkify_datagen_no_out PROGRAM sparkify-datagen ARGS --size|1MB EXPECT_EXIT 2
  MUST "\\[starshift.cli.bad_option\\] --out DIR is required")
starshift_program_test(NAME sparkify_sql_bad_dialect PROGRAM sparkify-sql ARGS --dialect|oracle EXPECT_EXIT 2
  MUST "\\[starshift.cli.bad_option\\] unknown --dialect 'oracle'")
starshift_program_test(NAME starshift_help_lists_advise PROGRAM starshift-cli ARGS --help
  MUST "starshift advise FILE.sql" "\n  advise  " "Exit status: 0 success")
starshift_program_test(NAME starshift_unknown_command PROGRAM starshift-cli ARGS frobnicate EXPECT_EXIT 2
  MUST "\\[starshift.cli.unknown_command\\] unknown command 'frobnicate' \\(check, render, run, advise or explain\\)")
starshift_program_test(NAME sparkify_advise_unknown_node_type PROGRAM sparkify
  ARGS advise|--synthetic|100|--node-type|x1.huge EXPECT_EXIT 2
  MUST "\\[starshift.tune.unknown_node_type\\] unknown node type 'x1.huge'")
starshift_program_test(NAME sparkify_dry_run_checks_run_options PROGRAM sparkify
  ARGS --dry-run|--maxerror-rule|sometimes|etl EXPECT_EXIT 2
  MUST "\\[starshift.cli.bad_option\\] --maxerror-rule must be more_than or at_least" MUST_NOT "COPY staging")
