// `sparkify advise` and `starshift advise` (see advise_command.hpp and docs/tuning.md "Frontends").
#include "advise_command.hpp"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "starshift/load/cluster_bench.hpp"
#include "starshift/load/cluster_bench_runner.hpp"
#include "starshift/load/connection.hpp"
#include "starshift/load/tune_reader.hpp"
#include "starshift/model/error.hpp"
#include "starshift/parse/parser.hpp"
#include "starshift/sparkify/config.hpp"
#include "starshift/sparkify/synthetic_data.hpp"
#include "starshift/sparkify/warehouse.hpp"
#include "starshift/sql/quote.hpp"
#include "starshift/sql/render.hpp"
#include "starshift/tune/advisor.hpp"
#include "starshift/tune/cluster.hpp"
#include "starshift/tune/slice_simulation.hpp"
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

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("[starshift.cli.io] cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const std::string& path, const std::string& text) {
    const fs::path p(path);
    if (p.has_parent_path()) fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("[starshift.cli.io] cannot write " + path);
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (const char ch : s) {
        if (ch == '\'') out += "'\\''";
        else out += ch;
    }
    return out + "'";
}

tune::advisor_options advisor_options_for(const advise_cli& /*c*/) { return {}; }

// --node-type and --nodes: an unknown type or a bad count is a usage error (exit 2).
tune::cluster_shape cluster_of(const advise_cli& c) {
    try {
        return tune::make_cluster(c.node_type, c.nodes);
    } catch (const model_error& e) {
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

// ------------------------------------------------------------------------------------------------------- verify

struct variant_prediction {
    std::string name;
    std::string description;
    std::vector<std::string> tables;
    std::vector<tune::table_design> designs;
    std::map<std::string, double> skew_rows;  // per table
    tune::warehouse_evaluation evaluation;
};

// seed, advised, then the biggest table's next candidates (the other tables at their advised design).
std::vector<variant_prediction> verify_variants(const tune::advice& a, const std::vector<table>& models,
                                                const tune::warehouse_data& data, const tune::workload& w,
                                                std::size_t alternatives) {
    std::vector<variant_prediction> out;
    std::vector<std::string> names;
    std::vector<tune::table_design> seeds, winners;
    for (const auto& t : a.tables) {
        names.push_back(t.table);
        seeds.push_back(t.seed);
        winners.push_back(t.winner);
    }
    auto add = [&](std::string name, std::string description, std::vector<tune::table_design> designs) {
        for (const auto& v : out)
            if (v.designs == designs) return;
        variant_prediction v;
        v.name = std::move(name);
        v.description = std::move(description);
        v.tables = names;
        v.designs = std::move(designs);
        std::vector<table> ordered;
        for (const auto& n : names)
            for (const auto& m : models)
                if (m.name == n) ordered.push_back(m);
        v.evaluation = tune::evaluate(ordered, v.designs, data, w, a.cluster, a.options, v.name);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto* td = data.find(names[i]);
            if (td == nullptr) continue;
            v.skew_rows[names[i]] =
                tune::simulate_distribution(*td, v.designs[i], a.cluster, a.options.simulation).skew_rows;
        }
        out.push_back(std::move(v));
    };
    add("seed", "the declared designs", seeds);
    add("advised", "every table's winner", winners);
    // The biggest table's runners-up.
    std::size_t big = 0;
    for (std::size_t i = 1; i < a.tables.size(); ++i)
        if (static_cast<double>(a.tables[i].rows) * a.tables[i].row_bytes >
            static_cast<double>(a.tables[big].rows) * a.tables[big].row_bytes)
            big = i;
    // One alternative per distribution of the biggest table (its best sort key), so that the cluster shows how
    // the distributions differ rather than sort keys that cost the same.
    std::size_t added = 0;
    std::vector<std::string> dists_seen;
    auto effective = [](const tune::candidate& cand) {  // AUTO as what it resolves to
        return to_sql(cand.effective) + (cand.effective == dist_style::key ? cand.design.distkey.value_or("") : "");
    };
    for (const auto& v : out)
        for (const auto& cand : a.tables[big].candidates)
            if (cand.design == v.designs[big]) dists_seen.push_back(effective(cand));
    for (const auto& cand : a.tables[big].candidates) {
        if (added >= alternatives) break;
        const std::string dist = effective(cand);
        if (std::find(dists_seen.begin(), dists_seen.end(), dist) != dists_seen.end()) continue;
        dists_seen.push_back(dist);
        auto designs = winners;
        designs[big] = cand.design;
        const std::size_t before = out.size();
        add("alt" + std::to_string(added + 1), a.tables[big].table + " " + cand.label + " (rank " +
                                                   std::to_string(cand.rank) + "), others advised",
            designs);
        if (out.size() > before) ++added;
    }
    return out;
}

std::vector<load::design_variant> to_bench_variants(const std::vector<variant_prediction>& vs) {
    std::vector<load::design_variant> out;
    for (const auto& v : vs)
        for (std::size_t i = 0; i < v.tables.size(); ++i) {
            load::design_variant d;
            d.name = v.name;
            d.table = v.tables[i];
            d.diststyle = v.designs[i].diststyle;
            d.distkey = v.designs[i].distkey;
            d.sortkey = v.designs[i].sortkey;
            out.push_back(std::move(d));
        }
    return out;
}

// stl_scan of the last query (pg_last_query_id() skips leader-node-only statements such as the svl_query_summary
// read before it): rows before and after the range-restricted scan, per table.
std::string scan_figures_sql() {
    return "SELECT last.query AS query,\n"
           "       TRIM(s.perm_table_name) AS table_name,\n"
           "       COALESCE(SUM(s.rows_pre_filter), 0) AS rows_pre_filter,\n"
           "       COALESCE(SUM(s.rows), 0) AS rows,\n"
           "       COALESCE(MAX(CASE WHEN s.is_rrscan = 't' THEN 1 ELSE 0 END), 0) AS rrscan\n"
           "FROM (SELECT pg_last_query_id() AS query) last\n"
           "LEFT JOIN stl_scan s ON s.query = last.query\n"
           "GROUP BY last.query, TRIM(s.perm_table_name)\n"
           "ORDER BY 2;";
}

struct verify_plan {
    load::cluster_bench bench;
    std::vector<std::size_t> explain_steps;  // indices into bench.steps
    std::vector<std::size_t> scan_steps;
};

// The cluster benchmark's plan plus, after each timed query's figures, its stl_scan figures and its EXPLAIN.
verify_plan make_verify_plan(const warehouse& w, const std::vector<variant_prediction>& vs) {
    load::cluster_bench_options o;
    const load::cluster_bench base = load::cluster_bench_plan(w, to_bench_variants(vs), o);
    verify_plan vp;
    vp.bench.variants = base.variants;
    vp.bench.queries = base.queries;
    std::vector<int> remap(base.steps.size(), -1);
    for (std::size_t i = 0; i < base.steps.size(); ++i) {
        load::bench_step s = base.steps[i];
        remap[i] = static_cast<int>(vp.bench.steps.size());
        if (s.measured_step >= 0) s.measured_step = remap[static_cast<std::size_t>(s.measured_step)];
        const bool after_timed = s.kind == load::bench_step_kind::read_figures &&
                                 s.figures == load::figures_kind::query_summary && s.measured_step >= 0 &&
                                 vp.bench.steps[static_cast<std::size_t>(s.measured_step)].kind ==
                                     load::bench_step_kind::query_timed;
        const int measured = s.measured_step;
        const std::string variant = s.variant, query = s.query;
        vp.bench.steps.push_back(std::move(s));
        if (!after_timed) continue;
        load::bench_step scan;
        scan.kind = load::bench_step_kind::read_figures;
        scan.variant = variant;
        scan.name = "scan figures " + query;
        scan.sql = scan.display_sql = scan_figures_sql();
        scan.query = query;
        scan.subject = query;
        scan.measured_step = measured;
        vp.scan_steps.push_back(vp.bench.steps.size());
        vp.bench.steps.push_back(std::move(scan));
        load::bench_step explain;
        explain.kind = load::bench_step_kind::read_figures;
        explain.variant = variant;
        explain.name = "explain " + query;
        std::string text = vp.bench.steps[static_cast<std::size_t>(measured)].sql;
        explain.sql = explain.display_sql = "EXPLAIN " + text;
        explain.query = query;
        explain.subject = query;
        vp.explain_steps.push_back(vp.bench.steps.size());
        vp.bench.steps.push_back(std::move(explain));
    }
    return vp;
}

std::string labels_of(const std::vector<tune::join_plan>& joins, const std::string& query) {
    std::string out;
    for (const auto& j : joins)
        if (j.query == query) out += (out.empty() ? "" : " ") + tune::to_sql(j.strategy);
    return out.empty() ? "-" : out;
}

std::string labels_in_plan(const load::bench_step_outcome& o) {
    static const std::regex re("DS_[A-Z_]+");
    std::string out;
    for (const auto& row : o.rows)
        for (const auto& cell : row)
            for (std::sregex_iterator it(cell.begin(), cell.end(), re), end; it != end; ++it)
                out += (out.empty() ? "" : " ") + it->str();
    return out.empty() ? "-" : out;
}

void print_predictions(const std::vector<variant_prediction>& vs) {
    std::cout << "\n== verify: predictions per variant\n";
    for (const auto& v : vs) {
        std::cout << "\n-- variant " << v.name << ": " << v.description << " (cost "
                  << tune::format_bytes(v.evaluation.cost.total()) << ")\n";
        for (std::size_t i = 0; i < v.tables.size(); ++i) {
            const auto it = v.skew_rows.find(v.tables[i]);
            std::printf("   %-12s %-44s predicted skew_rows %.2f\n", v.tables[i].c_str(), v.designs[i].label().c_str(),
                        it == v.skew_rows.end() ? 0.0 : it->second);
        }
        std::fflush(stdout);
        for (const auto& j : v.evaluation.joins)
            std::cout << "   join " << j.query << ": " << j.outer_table << " ⋈ " << j.inner_table << " predicted "
                      << tune::to_sql(j.strategy) << "\n";
        for (const auto& s : v.evaluation.scans)
            std::cout << "   scan " << s.query << ": " << s.column.table << "." << s.column.column
                      << " predicted blocks " << s.blocks_read << " of " << s.blocks_stored << "\n";
    }
}

int run_verify(const advise_cli& c, const sparkify::config& cfg, const warehouse& w, const tune::advice& a,
               const tune::warehouse_data& data, const tune::workload& wl) {
    const auto vs = verify_variants(a, w.star, data, wl, c.variants);
    const verify_plan vp = make_verify_plan(w, vs);
    print_predictions(vs);
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
    const auto rep = load::summarize_cluster_bench(vp.bench, run.outcomes);
    std::cout << "\n== verify: predicted versus measured\n";
    for (const auto& v : vs) {
        std::cout << "\n-- variant " << v.name << ": " << v.description << "\n";
        for (const auto& t : v.tables) {
            const auto* f = rep.find_table(v.name, t);
            std::printf("   %-12s skew_rows predicted %.2f measured %s\n", t.c_str(), v.skew_rows.at(t),
                        f && f->skew_rows >= 0 ? std::to_string(f->skew_rows).c_str() : "n/a");
        }
        std::fflush(stdout);
        for (const std::size_t k : vp.explain_steps) {
            const auto& s = vp.bench.steps[k];
            if (s.variant != v.name) continue;
            const std::string predicted = labels_of(v.evaluation.joins, s.query);
            const std::string measured = k < run.outcomes.size() ? labels_in_plan(run.outcomes[k]) : "n/a";
            std::cout << "   " << s.query << ": DS labels predicted " << predicted << " | EXPLAIN " << measured
                      << "\n";
        }
        for (const std::size_t k : vp.scan_steps) {
            const auto& s = vp.bench.steps[k];
            if (s.variant != v.name || k >= run.outcomes.size()) continue;
            for (const auto& row : run.outcomes[k].rows)
                if (row.size() >= 5 && !row[1].empty())
                    std::cout << "   " << s.query << ": stl_scan " << row[1] << " rows_pre_filter " << row[2]
                              << " rows " << row[3] << " rrscan " << row[4] << "\n";
        }
        for (const auto& sc : v.evaluation.scans)
            std::cout << "   " << sc.query << ": predicted blocks " << sc.column.table << "." << sc.column.column
                      << " " << sc.blocks_read << " of " << sc.blocks_stored << "\n";
    }
    if (!run.ok()) {
        std::cerr << "sparkify advise --verify: " << run.error << "\n";
        return 1;
    }
    return 0;
}

// ------------------------------------------------------------------------------------------------- data sources

tune::warehouse_data read_data(const std::string& url, const std::vector<table>& tables, const tune::workload& w,
                               double sample) {
    auto conn = load::connect(url);
    pqxx::work tx(*conn);
    load::tune_read_options o;
    o.sample_fraction = sample;
    auto data = load::read_warehouse_data(tx, tables, w, o);
    tx.commit();
    return data;
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
        if (url.empty() && c.synthetic == 0 && !sparkify::is_redshift_endpoint(cfg) &&
            (!cfg.database_url.empty() || !cfg.host.empty()))
            url = sparkify::connection_string(cfg, false);
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
            data = read_data(url, w.star, wl, c.sample);
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
        "PostgreSQL at --db, for the workload of the queries files (EXPLAIN (FORMAT JSON) on the loaded tables;\n"
        "each statement named by a '-- name: description' comment before it).\n"
        "Exit status: 0 success; 1 a failed run; 2 a usage error.\nOptions");
    add_common_options(opts, c);
    opts.add_options()("queries,q", po::value(&c.query_files), "SQL file of the workload's queries (repeatable)");
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
        std::vector<table> tables;
        for (const auto& f : c.ddl_files) {
            parse::parse_options po_;
            po_.file = f;
            for (auto& s : parse::parse_script(read_text(f), po_))
                if (const auto* t = s.as_table()) tables.push_back(*t);
        }
        const tune::cluster_shape cluster = cluster_of(c);
        auto conn = load::connect(c.db);
        tune::workload wl;
        {
            pqxx::work tx(*conn);
            for (const auto& f : c.query_files)
                for (const auto& q : load::split_sql_script(read_text(f), fs::path(f).stem().string()))
                    tune::merge(wl, load::workload_from_sql(tx, q.sql, q.name, tables));
            tx.commit();
        }
        tune::warehouse_data data;
        {
            pqxx::work tx(*conn);
            load::tune_read_options o;
            o.sample_fraction = c.sample;
            data = load::read_warehouse_data(tx, tables, wl, o);
            tx.commit();
        }
        report(c, tune::advise(tables, data, wl, cluster, advisor_options_for(c)));
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
