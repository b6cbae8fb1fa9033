// UNLOAD ('select …') TO 's3://…' authorization [option …] into starshift::unload_spec (r_UNLOAD).
#include <string>
#include <utility>

#include "parse_detail.hpp"
#include "starshift/common/text.hpp"

namespace starshift::parse {
namespace {

class unload_parser {
public:
    unload_parser(const std::vector<token>& toks, std::string_view sql, const parse_options& options)
        : t_(toks), sql_(sql), o_(options) {}

    unload_spec parse() {
        take();  // UNLOAD
        unload_spec s;
        expect_sym('(');
        s.query = string_literal("the query as a string: UNLOAD ('select …')");
        expect_sym(')');
        expect_kw("to");
        s.to = string_literal("the destination as a string: TO 's3://bucket/prefix'");
        while (peek().kind != token_kind::semicolon && peek().kind != token_kind::end) option(s);
        if (o_.validate) {
            try {
                validate(s);
            } catch (const model_error& e) {
                throw statement_error(o_.file, t_.front().line, t_.front().column, e);
            }
        }
        return s;
    }

private:
    const token& peek() const { return pos_ < t_.size() ? t_[pos_] : t_.back(); }
    const token& take() {
        const token& t = peek();
        if (pos_ + 1 < t_.size()) ++pos_;
        return t;
    }
    bool is_kw(std::string_view kw) const { return peek().kind == token_kind::word && iequals(peek().text, kw); }
    bool accept_kw(std::string_view kw) {
        if (!is_kw(kw)) return false;
        take();
        return true;
    }
    [[noreturn]] void fail_at(const token& t, const char* id, const std::string& message) const {
        throw parse_error(o_.file, t.line, t.column, id, message);
    }
    [[noreturn]] void expected(const std::string& what) const {
        const token& t = peek();
        const std::string found = t.kind == token_kind::end         ? "the end of the input"
                                  : t.kind == token_kind::semicolon ? "';'"
                                  : t.kind == token_kind::string    ? "a string literal"
                                                                    : "'" + t.text + "'";
        fail_at(t, "starshift.parse.syntax", "expected " + what + ", found " + found);
    }
    void expect_kw(std::string_view kw) {
        if (!accept_kw(kw)) expected(ascii_upper(kw));
    }
    void expect_sym(char c) {
        if (peek().kind != token_kind::symbol || peek().text != std::string(1, c)) expected(std::string("'") + c + "'");
        take();
    }
    std::string string_literal(const std::string& what) {
        if (peek().kind != token_kind::string) expected(what);
        return take().text;
    }
    void once(const token& at, const std::string& name) {
        for (const auto& n : seen_)
            if (n == name) fail_at(at, "starshift.parse.duplicate_option", "option " + name + " is given twice");
        seen_.push_back(name);
    }
    void format_word(const token& at) {
        if (format_) fail_at(at, "starshift.parse.duplicate_option", "UNLOAD has two formats (CSV / JSON / PARQUET)");
        format_ = &at;
    }
    char single_char(const char* what) {
        const token& at = peek();
        const std::string v = string_literal(std::string("the ") + what + " character as a string");
        if (v.size() != 1)
            fail_at(at, "starshift.parse.bad_option_value",
                    std::string(what) + " must be a single character, found " + std::to_string(v.size()));
        return v[0];
    }

    void option(unload_spec& s) {
        const token& at = peek();
        if (at.kind != token_kind::word) expected("an UNLOAD option");
        if (parse_authorization_option(t_, sql_, o_, pos_, s.credentials, seen_)) return;
        const std::string kw = fold_identifier(at.text);
        const std::string name = ascii_upper(kw);
        if (kw == "format") {
            take();
            (void)accept_kw("as");
            const token& f = peek();
            if (!format_kind(s, f)) expected("CSV, JSON or PARQUET after FORMAT");
        } else if (format_kind(s, at)) {
        } else if (kw == "manifest") {
            once(at, name);
            take();
            s.manifest = true;
            s.manifest_verbose = accept_kw("verbose");
        } else if (kw == "header" || kw == "addquotes" || kw == "escape" || kw == "allowoverwrite" ||
                   kw == "cleanpath") {
            once(at, name);
            take();
            bool& flag = kw == "header"           ? s.header
                         : kw == "addquotes"      ? s.addquotes
                         : kw == "escape"         ? s.escape
                         : kw == "allowoverwrite" ? s.allowoverwrite
                                                  : s.cleanpath;
            flag = true;
        } else if (kw == "gzip" || kw == "bzip2" || kw == "zstd") {
            once(at, "compression");
            take();
            s.compression = *parse_compression(kw);
        } else if (kw == "delimiter") {
            once(at, name);
            take();
            (void)accept_kw("as");
            s.delimiter = single_char("DELIMITER");
        } else if (kw == "fixedwidth") {
            once(at, name);
            take();
            (void)accept_kw("as");
            const token& spec = peek();
            const auto fields = parse_fixedwidth_spec(string_literal("the FIXEDWIDTH 'label:width,…' specification"));
            if (!fields)
                fail_at(spec, "starshift.parse.bad_option_value",
                        "FIXEDWIDTH must be 'label:width,…' with positive integer widths");
            s.fixedwidth = *fields;
        } else if (kw == "null") {
            once(at, "NULL AS");
            take();
            (void)accept_kw("as");
            s.null_as = string_literal("the NULL AS string");
        } else if (kw == "region" || kw == "extension") {
            once(at, name);
            take();
            if (kw == "region") {
                (void)accept_kw("as");
                s.region = string_literal("the REGION as a string");
            } else {
                s.extension = string_literal("the EXTENSION as a string");
            }
        } else if (kw == "parallel") {
            once(at, name);
            take();
            if (accept_kw("off") || accept_kw("false")) s.parallel = false;
            else if (accept_kw("on") || accept_kw("true")) s.parallel = true;
        } else if (kw == "maxfilesize") {
            once(at, name);
            take();
            (void)accept_kw("as");
            maxfilesize(s);
        } else if (kw == "encrypted") {
            once(at, name);
            take();
            s.encrypted = true;
            s.encrypted_auto = accept_kw("auto");
        } else {
            unsupported(at, kw);
        }
    }

    bool format_kind(unload_spec& s, const token& f) {
        const std::string w = f.kind == token_kind::word ? fold_identifier(f.text) : std::string();
        if (w != "csv" && w != "json" && w != "parquet") return false;
        format_word(f);
        take();
        s.format = w == "csv" ? unload_format_kind::csv : w == "json" ? unload_format_kind::json
                                                                      : unload_format_kind::parquet;
        if (w == "csv" && is_kw("quote"))
            fail_at(peek(), "starshift.parse.unsupported_option",
                    "UNLOAD has no QUOTE option (r_UNLOAD): CSV fields are quoted with '\"'");
        return true;
    }

    void maxfilesize(unload_spec& s) {
        const token& n = peek();
        if (n.kind != token_kind::number) expected("the MAXFILESIZE size (a number, then MB or GB)");
        take();
        std::string unit;
        if (is_kw("mb") || is_kw("gb")) unit = take().text;
        const auto bytes = parse_unload_file_size(n.text, unit);
        if (!bytes) fail_at(n, "starshift.parse.bad_option_value", "MAXFILESIZE must be a positive number of MB or GB");
        s.maxfilesize = bytes;
        s.maxfilesize_text = n.text + (unit.empty() ? std::string() : " " + ascii_upper(unit));
    }

    [[noreturn]] void unsupported(const token& at, const std::string& kw) const {
        const std::string name = ascii_upper(kw);
        if (kw == "quote")
            fail_at(at, "starshift.parse.unsupported_option",
                    "UNLOAD has no QUOTE option (r_UNLOAD): CSV fields are quoted with '\"'");
        if (kw == "partition" || kw == "rowgroupsize" || kw == "kms_key_id" || kw == "master_symmetric_key")
            fail_at(at, "starshift.parse.unsupported_option",
                    "UNLOAD option " + name + " is not supported by the model (docs/unload.md)");
        fail_at(at, "starshift.parse.unsupported_option", "unknown UNLOAD option " + name);
    }

    const std::vector<token>& t_;
    std::string_view sql_;
    const parse_options& o_;
    std::size_t pos_ = 0;
    std::vector<std::string> seen_;
    const token* format_ = nullptr;
};

}  // namespace

unload_spec parse_unload_statement(const std::vector<token>& toks, std::string_view sql, const parse_options& options) {
    unload_parser p(toks, sql, options);
    return p.parse();
}

}  // namespace starshift::parse
