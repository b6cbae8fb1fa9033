// `sparkify advise` and `starshift advise` (see advise_command.hpp and docs/tuning.md "Frontends").
#include "advise_command.hpp"

#include <boost/program_options.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli_common.hpp"
#include "starshift/load/advise_inputs.hpp"
#include "starshift/load/advise_verify.hpp"
#include "starshift/load/cluster_bench_runner.hpp"
#include "starshift/load/connection.hpp"
#include "starshift/sparkify/config.hpp"
#include "starshift/sparkify/synthetic_data.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/tune/advisor.hpp"
#include "starshift/tune/cluster.hpp"
#include "starshift/tune/tune_error.hpp"
#include "starshift/tune/workload.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace starshift::examples {
namespace {

struct advise_cli {
    std::string db;
    std::string node_type = "dc2.large";
    int nodes = 2;
    double sample = 1.0;
    std::string json_file;
    std::string plot_dir;
    std::size_t top = 8;
    bool verify = false;
    bool dry_run = false;
    std::size_t variants = 3;
    std::uint64_t synthetic = 0;
    // sparkify
    std::string config_file;
    std::string cluster_db;
    std::string iam_role;
    // starshift
    std::vector<std::string> ddl_files;
    std::vector<std::string> query_files;
    std::string default_diststyle = "auto";
};

void add_common_options(po::options_description& o, advise_cli& c) {
    // clang-format off
    o.add_options()
        ("help,h", "print this help and exit")
        ("db", po::value(&c.db), "PostgreSQL URL of the loaded tables the advisor reads")
        ("node-type", po::value(&c.node_type)->default_value(c.node_type),
         "Redshift node type: dc2.large, dc2.8xlarge, ra3.xlplus, ra3.4xlarge, ra3.16xlarge")
        ("nodes", po::value(&c.nodes)->default_value(c.nodes), "number of nodes")
        ("sample", po::value(&c.sample)->default_value(c.sample),
         "fraction of rows read (TABLESAMPLE BERNOULLI, repeatable); 1 reads every row")
        ("top", po::value(&c.top)->default_value(c.top), "candidates printed per table (0 = all)")
        ("json", po::value(&c.json_file), "write the advice as JSON to this file")
        ("plot", po::value(&c.plot_dir),
         "write PNG plots (rows per slice per variant, blocks scanned per query) to this folder "
         "(scripts/plot_advice.py, python3-matplotlib)");
    // clang-format on
}

// --default-diststyle auto|even: how a table without DISTSTYLE is distributed (a usage error otherwise).
tune::advisor_options advisor_options_for(const advise_cli& c) {
    tune::advisor_options o;
    if (c.default_diststyle == "even") o.default_diststyle = tune::missing_diststyle::even;
    else if (c.default_diststyle != "auto")
        throw sparkify::config_error("[starshift.cli.bad_option] --default-diststyle is auto or even, not " +
                                     c.default_diststyle);
    return o;
}

// The file's text, or none when it cannot be read (then reported as skipped, like a statement).
std::optional<std::string> text_if_readable(const std::string& file) {
    try {
        return read_text(file);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// --node-type and --nodes: an unknown type or a bad count is a usage error (exit 2).
tune::cluster_shape cluster_of(const advise_cli& c) {
    try {
        return tune::make_cluster(c.node_type, c.nodes);
    } catch (const tune::tune_error& e) {
        throw sparkify::config_error(e.what());
    }
}

// Prints the advice, the winning DDL and writes JSON/plots.
void report(const advise_cli& c, const tune::advice& a) {
    std::cout << tune::format_advice(a, c.top);
    std::cout << "\n-- advised DDL (Redshift)\n";
    for (const auto& t : a.advised_tables)
        for (const auto& s : sql::create_table(t, sql::dialect::redshift)) std::cout << s << "\n\n";
    std::string json_path = c.json_file;
    if (json_path.empty() && !c.plot_dir.empty()) json_path = (fs::path(c.plot_dir) / "advice.json").string();
    if (!json_path.empty()) {
        write_text(json_path, tune::advice_to_json(a));
        std::cout << "JSON: " << json_path << "\n";
    }
    if (!c.plot_dir.empty()) {
        const char* env = std::getenv("STARSHIFT_PLOT_ADVICE_SCRIPT");  // NOLINT(concurrency-mt-unsafe)
        const std::string script = env ? env : STARSHIFT_PLOT_ADVICE_SCRIPT;
        fs::create_directories(c.plot_dir);
        const std::string cmd = "/usr/bin/python3 " + shell_quote(script) + " " + shell_quote(json_path) + " " +
                                shell_quote(c.plot_dir);
        const int rc = std::system(cmd.c_str());  // NOLINT(concurrency-mt-unsafe)
        if (rc != 0)
            std::cerr << "[starshift.cli.plot_failed] " << cmd << " exited with " << rc
                      << " (is python3-matplotlib installed?)\n";
    }
}

int run_verify(const advise_cli& c, const sparkify::config& cfg, const warehouse& w, const tune::advice& a,
               const tune::warehouse_data& data, const tune::workload& wl) {
    const auto vs = load::verify_variants(a, w.star, data, wl, c.variants);
    const load::verify_plan vp = load::make_verify_plan(w, vs);
    std::cout << load::format_predictions(vs) << std::flush;
    if (c.dry_run) {
        std::cout << "\n== verify: the SQL the cluster would run (dry run; secrets masked)\n";
        std::cout << load::display_script(vp.bench);
        return 0;
    }
    const std::string conninfo = c.cluster_db.empty() ? sparkify::connection_string(cfg, true) : c.cluster_db;
    auto conn = load::connect(conninfo);
    load::cluster_bench_run_options ro;
    ro.on_step = [](std::size_t i, const load::bench_step& s, const load::bench_step_outcome& o) {
        std::clog << "[verify] " << i << " " << s.variant << " " << s.name << " " << o.seconds << " s\n";
    };
    const auto run = load::run_cluster_bench(*conn, vp.bench, ro);
    std::cout << load::format_verify_report(vs, vp, run.outcomes) << std::flush;
    if (!run.ok()) {
        std::cerr << "sparkify advise --verify: " << run.error << "\n";
        return 1;
    }
    return 0;
}

}  // namespace

int sparkify_advise_main(int argc, char** argv) {
    advise_cli c;
    po::options_description opts(
        "Usage: sparkify advise [options]\n"
        "Ranks distribution and sort-key designs for the Sparkify tables loaded in PostgreSQL (sparkify demo/etl),\n"
        "for a Redshift cluster shape; prints the ranked candidates, why the winner wins, the seed design's rank and\n"
        "the advised DDL. Without --db (or PG* / dwh.cfg pointing at PostgreSQL), --dry-run advises on in-memory\n"
        "synthetic Sparkify-shaped data. --verify needs [IAM_ROLE] ARN and s3:// [S3] paths (configuration as for\n"
        "sparkify: flags, --config, STARSHIFT_*/PG*, ./dwh.cfg).\n"
        "Exit status: 0 success; 1 a failed run; 2 a usage or configuration error.\nOptions");
    add_common_options(opts, c);
    // clang-format off
    opts.add_options()
        ("config,c", po::value(&c.config_file), "dwh.cfg-style INI file (default: ./dwh.cfg if present); its "
         "[CLUSTER] is the Redshift cluster --verify uses, [S3] and [IAM_ROLE] feed its COPY")
        ("cluster-db", po::value(&c.cluster_db), "--verify: the cluster's connection URL (default: dwh.cfg [CLUSTER])")
        ("iam-role", po::value(&c.iam_role), "--verify: IAM role ARN for the cluster's COPY")
        ("verify", po::bool_switch(&c.verify), "load the top variants on the cluster (the cluster benchmark's plan) "
         "and print predicted versus measured skew_rows, DS_* labels and scans")
        ("variants", po::value(&c.variants)->default_value(c.variants),
         "--verify: runners-up of the biggest table to load besides the seed and the advised designs")
        ("dry-run,n", po::bool_switch(&c.dry_run), "--verify: print the SQL the cluster would run; run nothing there")
        ("synthetic", po::value(&c.synthetic), "advise on N synthetic songplays rows made in memory (no database)");
    // clang-format on
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(opts).run(), vm);
        po::notify(vm);
        if (vm.count("help")) {
            std::cout << opts;
            return 0;
        }
        sparkify::config_request req;
        req.config_file = c.config_file;
        req.flags = {{"--iam-role", c.iam_role}};
        const sparkify::config cfg = sparkify::resolve_config(req);
        // --verify loads the cluster (Redshift rules: an IAM role ARN, s3:// sources); the advice itself needs the
        // model only. A --verify --dry-run without an ARN prints a placeholder, warns and exits 2.
        std::vector<std::string> warnings;
        const sparkify::options so = sparkify::make_options(cfg, c.verify, c.dry_run ? &warnings : nullptr);
        const warehouse w = sparkify::make_warehouse(so);
        const tune::workload wl = tune::workload_from_model(w);
        const tune::cluster_shape cluster = cluster_of(c);

        // The data: --synthetic, --db, or a PostgreSQL configuration; a dry run without any uses synthetic data.
        std::string url = c.db;
        if (url.empty() && c.synthetic == 0) url = sparkify::postgres_connection_string(cfg);
        tune::warehouse_data data;
        if (c.synthetic > 0 || (url.empty() && c.dry_run)) {
            sparkify::synthetic_options syn;
            if (c.synthetic > 0) syn.songplays = c.synthetic;
            std::cout << "data: synthetic Sparkify-shaped data, " << syn.songplays
                      << " songplays (Zipf user_id and song_id), made in memory\n";
            data = sparkify::synthetic_tune_data(syn);
        } else {
            if (url.empty())
                throw sparkify::config_error("[starshift.cli.bad_option] give --db (the PostgreSQL holding the loaded "
                                         "Sparkify tables), or --synthetic N");
            std::cout << "data: " << load::mask_connection_string(url) << (c.sample < 1.0 ? ", sampled" : "")
                      << "\n";
            load::tune_read_options o;
            o.sample_fraction = c.sample;
            auto conn = load::connect(url);
            data = load::read_advisor_data(*conn, w.star, wl, o);
        }
        const tune::advice a = tune::advise(w, data, wl, cluster, advisor_options_for(c));
        report(c, a);
        if (c.verify) {
            const int rc = run_verify(c, cfg, w, a, data, wl);
            for (const auto& warning : warnings) std::cerr << "sparkify advise: warning: " << warning << "\n";
            return warnings.empty() ? rc : 2;
        }
        return 0;
    } catch (const po::error& e) {
        std::cerr << "sparkify advise: [starshift.cli.bad_option] " << e.what() << "\n";
        return 2;
    } catch (const sparkify::config_error& e) {
        std::cerr << "sparkify advise: " << load::mask_connection_string(e.what()) << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "sparkify advise: " << load::mask_connection_string(e.what()) << "\n";
        return 1;
    }
}

int starshift_advise_main(int argc, char** argv) {
    advise_cli c;
    po::options_description opts(
        "Usage: starshift advise FILE.sql... --db URL [--queries FILE.sql]...\n"
        "Ranks distribution and sort-key designs for the tables the Redshift DDL in FILE.sql declares, loaded in the\n"
        "PostgreSQL at --db, for the workload of the queries files (read by starshift's own parser, so Redshift's SQL\n"
        "needs no EXPLAIN; each statement named by a '-- name: description' comment before it). A statement that\n"
        "cannot be read or analysed is listed with its file:line among the notes and the others go on.\n"
        "Exit status: 0 advice given (skipped statements are notes); 1 a failed run, or no table with data; 2 a\n"
        "usage error; 3 advice given but no statement of the --queries files could be analysed.\nOptions");
    add_common_options(opts, c);
    // clang-format off
    opts.add_options()
        ("queries,q", po::value(&c.query_files), "SQL file of the workload's queries (repeatable)")
        ("default-diststyle", po::value(&c.default_diststyle)->default_value(c.default_diststyle),
         "a table without DISTSTYLE is AUTO (current clusters, r_CREATE_TABLE_NEW) or EVEN (clusters older than "
         "AUTO)");
    // clang-format on
    po::options_description hidden;
    hidden.add_options()("files", po::value(&c.ddl_files));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("files", -1);
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
        po::notify(vm);
        if (vm.count("help")) {
            std::cout << opts;
            return 0;
        }
        if (c.ddl_files.empty() || c.db.empty()) {
            std::cerr << "starshift advise: [starshift.cli.bad_option] give FILE.sql and --db URL\n" << opts;
            return 2;
        }
        const tune::advisor_options options = advisor_options_for(c);
        std::vector<parse::source_file> ddl;
        for (const auto& f : c.ddl_files) ddl.push_back({f, text_if_readable(f)});
        const parse::analysis_tables tables = parse::tables_for_analysis(ddl);
        std::vector<load::sql_script> scripts;
        std::vector<parse::diagnostic> unreadable;
        for (const auto& f : c.query_files) {
            if (auto text = text_if_readable(f)) scripts.push_back({f, std::move(*text)});
            else unreadable.push_back({f, 1, 1, "starshift.parse.io", "cannot read the file"});
        }
        load::script_workload wl = load::workload_of_scripts(scripts, tables.tables);
        const load::script_workload views = load::workload_of_views(tables.tables);
        tune::merge(wl.workload, views.workload);
        wl.skipped.insert(wl.skipped.end(), views.skipped.begin(), views.skipped.end());
        std::vector<parse::diagnostic> skipped = tables.skipped;  // DDL, then the query files
        skipped.insert(skipped.end(), unreadable.begin(), unreadable.end());
        skipped.insert(skipped.end(), wl.skipped.begin(), wl.skipped.end());
        for (const auto& d : skipped) std::cerr << "starshift advise: skipped " << d.to_string() << "\n";
        const tune::cluster_shape cluster = cluster_of(c);
        auto conn = load::connect(c.db);
        load::tune_read_options o;
        o.sample_fraction = c.sample;
        const tune::warehouse_data data = load::read_advisor_data(*conn, tables.tables, wl.workload, o);
        tune::advice a = tune::advise(tables.tables, data, wl.workload, cluster, options);
        for (const auto& d : skipped) a.notes.push_back("skipped " + d.to_string());
        if (!c.query_files.empty())
            a.notes.push_back("workload: " + std::to_string(wl.analysed) + " of " + std::to_string(wl.statements) +
                              " statements analysed");
        if (views.statements > 0)
            a.notes.push_back("workload: the queries of " + std::to_string(views.analysed) + " of " +
                              std::to_string(views.statements) + " materialized views (their refresh)");
        report(c, a);
        if (!c.query_files.empty() && wl.analysed == 0) {
            std::cerr << "starshift advise: [starshift.cli.nothing_analysed] no statement of the --queries files "
                         "could be analysed (see the skipped notes): the advice is from the data alone\n";
            return 3;
        }
        return 0;
    } catch (const po::error& e) {
        std::cerr << "starshift advise: [starshift.cli.bad_option] " << e.what() << "\n";
        return 2;
    } catch (const sparkify::config_error& e) {
        std::cerr << "starshift advise: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "starshift advise: " << load::mask_connection_string(e.what()) << "\n";
        return 1;
    }
}

}  // namespace starshift::examples
