// Secrets: the sparkify program run with a database password, an AWS secret access key and a session token set
// through the config file, the environment and flags (--db URL and key=value forms) never prints them: not on
// stdout, stderr or in the --log-file, for --dry-run, `sql`, a failed connection (closed port, unknown database),
// and a successful run at debug log level. The program is found next to the test binary (build/examples/sparkify).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pg_fixture.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

const std::string password = "Pw-S3cr3t-9f8e7d";
const std::string secret_key = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYSECRETKEY";
const std::string session_token = "FwoGZXIvYXdzEJr-SESSIONTOKEN-Zq81";
const std::vector<std::string> all_secrets = {password, secret_key, session_token};

fs::path program() {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    // build/tests/integration/starshift_integration_tests -> build/examples/sparkify
    return self.parent_path().parent_path().parent_path() / "examples" / "sparkify";
}

struct run_output {
    int status = -1;
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

run_output run(const std::vector<std::string>& args, const std::vector<std::string>& env, const fs::path& dir) {
    const fs::path out = dir / "stdout.txt";
    const fs::path err = dir / "stderr.txt";
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0 || ::chdir(dir.c_str()) != 0) ::_exit(126);
        std::vector<std::string> full_env = env;
        full_env.emplace_back("PATH=/usr/bin:/bin");
        full_env.emplace_back("HOME=" + dir.string());
        std::vector<char*> argv;
        const std::string prog = program().string();
        argv.push_back(const_cast<char*>(prog.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        std::vector<char*> envp;
        for (const auto& v : full_env) envp.push_back(const_cast<char*>(v.c_str()));
        envp.push_back(nullptr);
        ::execve(prog.c_str(), argv.data(), envp.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    run_output r;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

using starshift::testing::temp_dir;

void check_clean(const std::string& what, const std::string& text) {
    for (const auto& s : all_secrets) {
        INFO(what << " contains a secret:\n" << text);
        CHECK(text.find(s) == std::string::npos);
    }
}

// Replaces the userinfo of a postgresql:// URL with user:password.
std::string with_password(const std::string& url) {
    const auto scheme = url.find("://");
    REQUIRE(scheme != std::string::npos);
    const auto at = url.find('@', scheme);
    const std::string rest = at == std::string::npos ? url.substr(scheme + 3) : url.substr(at + 1);
    return url.substr(0, scheme + 3) + "postgres:" + password + "@" + rest;
}

}  // namespace

TEST_CASE("secrets: password secret key and session token never appear in output or logs") {
    if (!fs::exists(program())) {
        MESSAGE("sparkify program not built at " << program() << ": secrets test skipped");
        return;
    }
    temp_dir dir;
    {
        std::ofstream cfg(dir.path() / "dwh.cfg");
        cfg << "[CLUSTER]\nHOST=127.0.0.1\nDB_NAME=dwh\nDB_USER=dwhuser\nDB_PASSWORD=" << password
            << "\nDB_PORT=1\n\n[IAM_ROLE]\nARN=arn:aws:iam::123456789012:role/dwhRole\n\n[AWS]\nKEY=AKIAEXAMPLEKEYID\nSECRET="
            << secret_key << "\nSESSION_TOKEN=" << session_token
            << "\n\n[S3]\nLOG_DATA=s3://udacity-dend/log_data\nLOG_JSONPATH=s3://udacity-dend/log_json_path.json\n"
               "SONG_DATA=s3://udacity-dend/song_data\n";
    }
    const std::vector<std::string> env = {"PGPASSWORD=" + password, "AWS_ACCESS_KEY_ID=AKIAEXAMPLEKEYID",
                                          "AWS_SECRET_ACCESS_KEY=" + secret_key, "AWS_SESSION_TOKEN=" + session_token};
    const std::string log = (dir.path() / "run.log").string();
    const std::string closed_url = "postgresql://dwhuser:" + password + "@127.0.0.1:1/dwh";
    const std::string closed_kv = "host=127.0.0.1 port=1 dbname=dwh user=dwhuser password='" + password + "'";
    const std::string unknown_db = with_password(starshift::testing::with_database(starshift::testing::test_database_url(), "no_such_db_x"));
    starshift::testing::scratch_database db("secrets");
    const std::string good_url = with_password(db.url());

    struct scenario {
        std::string name;
        std::vector<std::string> args;
        bool should_fail;
        std::string expect_in_stderr;  // the failure must be the one meant (e.g. a connection error)
    };
    const std::string local = dir.path().string();
    const std::vector<std::string> pg = {"--log-data",  local + "/log_data", "--log-jsonpath", local + "/paths.json",
                                         "--song-data", local + "/song_data"};
    auto with_pg = [&](std::vector<std::string> a) {
        a.insert(a.end(), pg.begin(), pg.end());
        return a;
    };
    const std::vector<scenario> scenarios = {
        {"dry-run redshift etl", {"etl", "--target", "redshift", "--dry-run", "--config", "dwh.cfg"}, false, ""},
        {"dry-run postgres etl with --db", with_pg({"etl", "--dry-run", "--db", closed_url}), false, ""},
        {"sql redshift", {"sql", "--target", "redshift", "--config", "dwh.cfg"}, false, ""},
        {"config file, closed port", with_pg({"create-tables", "--config", "dwh.cfg"}), true, "connect_failed"},
        {"--db URL, closed port", with_pg({"create-tables", "--db", closed_url}), true, "connect_failed"},
        {"--db key=value, closed port", with_pg({"create-tables", "--db", closed_kv}), true, "connect_failed"},
        {"--db URL, unknown database", with_pg({"create-tables", "--db", unknown_db}), true, "connect_failed"},
        {"--db URL, success at debug level",
         with_pg({"create-tables", "--db", good_url, "--log-level", "debug"}), false, ""},
    };
    for (const auto& s : scenarios) {
        INFO("scenario: " << s.name);
        std::vector<std::string> args = s.args;
        args.push_back("--log-file");
        args.push_back(log);
        std::error_code ec;
        fs::remove(log, ec);
        const run_output r = run(args, env, dir.path());
        INFO("exit " << r.status << "\nstdout:\n" << r.out.substr(0, 2000) << "\nstderr:\n" << r.err.substr(0, 2000));
        CHECK(r.status != 127);
        CHECK(r.status < 128);  // no crash
        if (s.should_fail) {
            CHECK(r.status != 0);
            CHECK(r.err.find(s.expect_in_stderr) != std::string::npos);
        } else {
            CHECK(r.status == 0);
        }
        check_clean("stdout", r.out);
        check_clean("stderr", r.err);
        check_clean("log file", slurp(log));
    }
}
