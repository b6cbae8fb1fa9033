// Redshift queries and DML (SELECT, WITH, INSERT, UPDATE, DELETE) read by recursive descent into the model's query
// AST (starshift::statement). Precedence follows Redshift (PostgreSQL 8.0's grammar): OR < AND < NOT < IS/IN/BETWEEN/
// LIKE/comparison < || < + - < * / % < unary minus < ::. Nesting is bounded by max_query_depth.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "parse_detail.hpp"
#include "token_cursor.hpp"
#include "starshift/common/text.hpp"

namespace starshift::parse {
namespace {

// Words that end a select item or a FROM item instead of naming its alias.
bool is_reserved_after_item(const token& t) {
    static constexpr const char* words[] = {
        "from",  "where", "group", "having", "order",  "limit",   "offset", "union", "intersect", "except", "minus",
        "into",  "on",    "join",  "inner",  "left",   "right",   "full",   "cross", "natural",   "using",  "window",
        "and",   "or",    "not",   "is",     "in",     "between", "like",   "ilike", "similar",   "as",     "when",
        "then",  "else",  "end",   "set",    "values", "select",  "with",   "qualify", "outer",   "escape", "asc",
        "desc",  "nulls", "rows",  "range",  "over",   "within",  "top",    "distinct", "all"};
    if (t.kind != token_kind::word) return false;
    for (const char* w : words)
        if (iequals(t.text, w)) return true;
    return false;
}

// Words that cannot start an expression: a clause keyword where a value is expected is a syntax error.
bool is_clause_word(const token& t) {
    static constexpr const char* words[] = {"from",  "where", "group", "having", "order", "limit", "offset",
                                            "union", "intersect", "except", "minus", "select", "and", "or",
                                            "when",  "then",  "else",  "end",   "on",    "join",  "into",
                                            "as",    "by",    "set",   "values", "using"};
    if (t.kind != token_kind::word) return false;
    for (const char* w : words)
        if (iequals(t.text, w)) return true;
    return false;
}

// Functions whose first argument is a date part (r_Dateparts_for_datetime_functions).
bool takes_datepart(const std::string& upper_name) {
    return upper_name == "DATEADD" || upper_name == "DATEDIFF" || upper_name == "DATE_PART" ||
           upper_name == "DATEPART" || upper_name == "DATE_TRUNC";
}

expr make(expr::node n) { return expr(std::make_shared<const expr::node>(std::move(n))); }

class query_parser : token_cursor {
public:
    query_parser(const std::vector<token>& toks, std::string_view src, const parse_options& options)
        : token_cursor(toks, options), src_(src) {}

    statement parse() {
        statement out;
        const token& first = peek();
        if (is_kw(first, "insert")) {
            out.body = insert();
        } else if (is_kw(first, "update")) {
            out.body = update();
        } else if (is_kw(first, "delete")) {
            out.body = delete_();
        } else if (is_kw(first, "merge")) {
            out.body = merge();
        } else if (is_kw(first, "create")) {
            out.body = create_view_();
        } else {
            out.body = query();
        }
        out.name = std::holds_alternative<select_query>(out.body)     ? "select"
                   : std::holds_alternative<update_statement>(out.body) ? "update"
                   : std::holds_alternative<delete_statement>(out.body) ? "delete"
                   : std::holds_alternative<merge_statement>(out.body)  ? "merge"
                   : std::holds_alternative<create_view>(out.body)      ? "create view"
                                                                          : "insert";
        if (peek().kind != token_kind::semicolon && peek().kind != token_kind::end)
            expected("';' or the end of the statement");
        return out;
    }

private:
    // ---------------------------------------------------------------- tokens (token_cursor.hpp)
    // Two symbols written together: "<=", ">=", "<>", "!=", "||", "::".
    bool at_pair(char a, char b) const {
        return is_sym(peek(), a) && is_sym(peek(1), b) && peek(1).begin == peek().end;
    }
    // Bounded nesting: every nested query, parenthesis and prefix operator passes through here.
    struct depth_guard {
        query_parser& p;
        explicit depth_guard(query_parser& q) : p(q) {
            if (++p.depth_ > max_query_depth)
                p.fail_at(p.peek(), "starshift.parse.too_deep",
                          "query nesting deeper than " + std::to_string(max_query_depth) +
                              " (subqueries, parentheses, prefix operators)");
        }
        ~depth_guard() { --p.depth_; }
        depth_guard(const depth_guard&) = delete;
        depth_guard& operator=(const depth_guard&) = delete;
    };

    // A name part as the model keeps it in a dotted string (bare, or "quoted" when it holds '.' or '"').
    std::string dotted_part() {
        const bool quoted = peek().kind == token_kind::quoted_identifier;
        return parse::dotted_part(identifier("a name"), quoted);
    }
    // [database.]schema.table or table, dotted.
    std::string table_name() {
        std::string out = dotted_part();
        int parts = 1;
        while (is_sym(peek(), '.') && parts < 3) {
            take();
            out += "." + dotted_part();
            ++parts;
        }
        return out;
    }
    std::int64_t row_count(const char* what) {
        const token& t = peek();
        if (t.kind != token_kind::number) expected(what);
        std::int64_t v = 0;
        const auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
        if (ec == std::errc::result_out_of_range)
            fail_at(t, "starshift.parse.number_out_of_range", std::string(what) + " " + t.text + " is out of range");
        if (ec != std::errc() || p != t.text.data() + t.text.size()) expected(what);
        take();
        return v;
    }
    std::vector<std::string> name_list(const char* what) {
        expect_sym('(');
        std::vector<std::string> out;
        do out.push_back(identifier(what));
        while (accept_sym(','));
        expect_sym(')');
        return out;
    }
    // An alias after an item: AS name, or a bare name that is not a clause keyword.
    std::string optional_alias() {
        if (accept_kw("as")) return identifier("an alias after AS");
        const token& t = peek();
        if (t.kind == token_kind::quoted_identifier || (t.kind == token_kind::word && !is_reserved_after_item(t)))
            return identifier("an alias");
        return {};
    }

    // ---------------------------------------------------------------- statements
    std::variant<insert_select, insert_values> insert_body(std::string table, std::vector<std::string> columns) {
        if (accept_kw("values")) {
            insert_values v;
            v.table = std::move(table);
            v.columns = std::move(columns);
            do {
                expect_sym('(');
                std::vector<expr> row;
                do row.push_back(accept_kw("default") ? keyword("DEFAULT") : expression());
                while (accept_sym(','));
                expect_sym(')');
                v.rows.push_back(std::move(row));
            } while (accept_sym(','));
            return v;
        }
        if (is_kw(peek(), "default") && is_kw(peek(1), "values")) {
            take();
            take();
            return insert_values{std::move(table), std::move(columns), {}};
        }
        insert_select s;
        s.table = std::move(table);
        s.columns = std::move(columns);
        s.query = query();
        return s;
    }

    decltype(statement::body) insert() {
        take();  // INSERT
        expect_kw("into");
        std::string table = table_name();
        std::vector<std::string> columns;
        // '(' starts a column list unless a parenthesized query follows.
        if (is_sym(peek(), '(') && !is_kw(peek(1), "select") && !is_kw(peek(1), "with"))
            columns = name_list("a column name");
        auto body = insert_body(std::move(table), std::move(columns));
        if (auto* s = std::get_if<insert_select>(&body)) return std::move(*s);
        return std::get<insert_values>(std::move(body));
    }

    update_statement update() {
        take();  // UPDATE
        update_statement u;
        u.table = table_name();
        if (!is_kw(peek(), "set")) u.alias = optional_alias();
        expect_kw("set");
        u.assignments = assignments();
        if (accept_kw("from")) {
            do u.from_items.push_back(from_source());
            while (accept_sym(','));
        }
        if (accept_kw("where")) u.where_clause = expression();
        return u;
    }

    delete_statement delete_() {
        take();  // DELETE
        (void)accept_kw("from");
        delete_statement d;
        d.table = table_name();
        if (accept_kw("using")) {
            d.using_item = from_source();
            while (accept_sym(',')) d.more_using.push_back(from_source());
        }
        if (accept_kw("where")) d.where_clause = expression();
        return d;
    }

    std::vector<std::pair<std::string, expr>> assignments() {
        std::vector<std::pair<std::string, expr>> out;
        do {
            std::string column = identifier("a column name after SET");
            expect_sym('=');
            out.emplace_back(std::move(column), accept_kw("default") ? keyword("DEFAULT") : expression());
        } while (accept_sym(','));
        return out;
    }

    // r_CREATE_VIEW: CREATE [OR REPLACE] VIEW name [(column_name, …)] AS query [WITH NO SCHEMA BINDING]
    create_view create_view_() {
        take();  // CREATE
        create_view v;
        if (accept_kw("or")) {
            expect_kw("replace");
            v.or_replace = true;
        }
        expect_kw("view");
        if (is_sym(peek(), '#'))
            fail_at(peek(), "starshift.parse.unsupported",
                    "a view name starting with '#' (a temporary view, r_CREATE_VIEW) is not supported: give the view "
                    "a plain name");
        v.name = table_name();
        if (is_sym(peek(), '(')) v.columns = name_list("a column name of the view");
        expect_kw("as");
        v.query = query();
        if (is_kw(peek(), "with")) {
            const token& at = take();
            expect_kw("no");
            expect_kw("schema");
            expect_kw("binding");
            v.no_schema_binding = true;
            // "tables and views referenced in the SELECT statement must be qualified with a schema name"
            statement probe;
            probe.body = v.query;
            for (const std::string& t : tables_read(probe))
                if (t.find('.') == std::string::npos)
                    fail_at(at, "starshift.parse.view_table_unqualified",
                            "CREATE VIEW " + v.name + " … WITH NO SCHEMA BINDING reads " + t +
                                " without a schema; a late-binding view's tables must be schema-qualified "
                                "(r_CREATE_VIEW): write public." + t + " or its schema");
        }
        return v;
    }

    // r_MERGE
    merge_statement merge() {
        take();  // MERGE
        expect_kw("into");
        merge_statement m;
        m.table = table_name();
        expect_kw("using");
        if (is_sym(peek(), '('))
            fail_at(peek(), "starshift.parse.syntax", "MERGE … USING takes a table, not a subquery (r_MERGE)");
        m.source = from_source();
        expect_kw("on");
        m.on = expression();
        while (accept_kw("when")) {
            const bool negated = accept_kw("not");
            expect_kw("matched");
            expect_kw("then");
            if (!negated) {
                if (m.when_matched) fail_at(peek(), "starshift.parse.syntax", "WHEN MATCHED is given twice");
                m.when_matched = true;
                if (accept_kw("delete")) {
                    m.matched_delete = true;
                } else {
                    expect_kw("update");
                    expect_kw("set");
                    m.matched_set = assignments();
                }
            } else {
                if (m.when_not_matched) fail_at(peek(), "starshift.parse.syntax", "WHEN NOT MATCHED is given twice");
                m.when_not_matched = true;
                expect_kw("insert");
                if (is_sym(peek(), '(')) m.insert_columns = name_list("a column name");
                expect_kw("values");
                expect_sym('(');
                do m.insert_values.push_back(expression());
                while (accept_sym(','));
                expect_sym(')');
            }
        }
        if (!m.when_matched && !m.when_not_matched) expected("WHEN MATCHED or WHEN NOT MATCHED");
        return m;
    }

    // ---------------------------------------------------------------- queries
    // [WITH …] operand {set-op operand} [ORDER BY …] [LIMIT n|ALL] [OFFSET n]
    select_query query() {
        depth_guard g(*this);
        std::vector<common_table> ctes;
        if (accept_kw("with")) {
            (void)accept_kw("recursive");
            do {
                common_table c;
                c.name = identifier("a common table name");
                if (is_sym(peek(), '(')) c.columns = name_list("a column name");
                expect_kw("as");
                expect_sym('(');
                c.query = std::make_shared<const select_query>(query());
                expect_sym(')');
                ctes.push_back(std::move(c));
            } while (accept_sym(','));
        }
        select_query q = first_operand();
        if (!ctes.empty()) {
            if (!q.with_clause.empty())
                fail_at(peek(), "starshift.parse.unsupported_query", "a WITH inside a parenthesized WITH query");
            q.with_clause = std::move(ctes);
        }
        for (;;) {
            set_operation op;
            if (accept_kw("union")) op.kind = set_kind::union_;
            else if (accept_kw("intersect")) op.kind = set_kind::intersect;
            else if (accept_kw("except") || accept_kw("minus")) op.kind = set_kind::except;
            else break;
            if (accept_kw("all")) op.all = true;
            else (void)accept_kw("distinct");
            if (is_sym(peek(), '(')) {
                take();
                op.right = std::make_shared<const select_query>(query());
                op.parenthesized = true;
                expect_sym(')');
            } else {
                op.right = std::make_shared<const select_query>(select_core());
            }
            q.set_operations.push_back(std::move(op));
        }
        if (is_kw(peek(), "order") && is_kw(peek(1), "by")) {
            take();
            take();
            q.order_by_clause = order_list();
        }
        if (accept_kw("limit")) {
            if (!accept_kw("all")) {
                if (q.top_rows) fail_at(peek(), "starshift.parse.syntax", "TOP and LIMIT in the same query "
                                                                           "(r_SELECT_list: \"You can't use TOP and "
                                                                           "LIMIT in the same query\")");
                q.limit_rows = row_count("a row count after LIMIT");
            }
        }
        if (accept_kw("offset")) {
            q.offset_rows = row_count("a row count after OFFSET");
            (void)(accept_kw("rows") || accept_kw("row"));
        }
        return q;
    }

    // SELECT … or ( query ) as the first operand of a set operation (a parenthesized one must be a plain query).
    select_query first_operand() {
        if (is_sym(peek(), '(')) {
            const token& at = take();
            select_query inner = query();
            expect_sym(')');
            const bool set_follows = is_kw(peek(), "union") || is_kw(peek(), "intersect") ||
                                     is_kw(peek(), "except") || is_kw(peek(), "minus");
            // (A op B) op2 C is A op B op2 C when the inner query has no ORDER BY, LIMIT or OFFSET and op2 is not
            // INTERSECT (which binds tighter than UNION and EXCEPT): set operations evaluate left to right.
            const bool flat = inner.order_by_clause.empty() && !inner.limit_rows && !inner.offset_rows &&
                              (inner.set_operations.empty() || !is_kw(peek(), "intersect"));
            if (set_follows && !flat)
                fail_at(at, "starshift.parse.unsupported_query",
                        "a parenthesized first operand of UNION/INTERSECT/EXCEPT with its own ORDER BY, LIMIT or "
                        "OFFSET, or a set operation before INTERSECT (write it as a derived table)");
            return inner;
        }
        return select_core();
    }

    select_query select_core() {
        if (!is_kw(peek(), "select")) expected("SELECT");
        take();
        select_query q;
        if (accept_kw("top")) q.top_rows = row_count("a row count after TOP");
        if (accept_kw("distinct")) q.distinct_rows = true;
        else (void)accept_kw("all");
        do q.items.push_back(select_item_());
        while (accept_sym(','));
        if (accept_kw("into"))
            fail_at(peek(), "starshift.parse.unsupported_query", "SELECT … INTO: write CREATE TABLE … AS instead");
        if (accept_kw("from")) from_clause(q);
        if (accept_kw("where")) q.where_clause = expression();
        if (is_kw(peek(), "group") && is_kw(peek(1), "by")) {
            take();
            take();
            do q.group_by_clause.push_back(expression());
            while (accept_sym(','));
        }
        if (accept_kw("having")) q.having_clause = expression();
        if (is_kw(peek(), "qualify")) {
            if (const from_item* f = item_before_qualify_without_alias(q))
                fail_at(peek(), "starshift.parse.qualify_without_alias",
                        "QUALIFY directly after FROM " + (f->subquery ? std::string("(subquery)") : f->table) +
                            " without an alias: Redshift reads QUALIFY as its alias; give it an alias "
                            "(r_QUALIFY_clause)");
            take();
            q.qualify_clause = expression();
        }
        if (is_kw(peek(), "window"))
            fail_at(peek(), "starshift.parse.unsupported_query",
                    "WINDOW is not translated yet: write each window in its OVER clause");
        return q;
    }

    select_item select_item_() {
        select_item it;
        if (is_sym(peek(), '*')) {
            take();
            expr::node n;
            n.k = expr::kind::star;
            it.value = make(std::move(n));
            return it;
        }
        it.value = expression();
        it.alias = optional_alias();
        return it;
    }

    void from_clause(select_query& q) {
        const token& at = peek();
        q.from_clause = from_source();
        join_list(q.joins, true);
        std::vector<std::string> names{item_name(*q.from_clause)};
        for (join_clause& j : q.joins) {
            unnesting(j.right, names);
            names.push_back(item_name(j.right));
        }
        if (!q.from_clause->at_alias.empty()) misplaced_index_alias(at, *q.from_clause);
    }

    [[noreturn]] void misplaced_index_alias(const token& at, const from_item& f) const {
        fail_at(at, "starshift.parse.syntax",
                "AT " + f.at_alias +
                    ": only a FROM item navigating an earlier item's SUPER column has an index alias "
                    "(r_SUPER_unnesting)");
    }

    // The name an item is referred to by: its alias, else its table's last name part.
    static std::string item_name(const from_item& f) {
        return ascii_lower(f.alias.empty() ? last_name_part(f.table) : std::string_view(f.alias));
    }

    // `c.c_orders o [AT i]` after `FROM t c`: a dotted name whose first part names an earlier FROM item is a PartiQL
    // navigation of that item's SUPER column (r_SUPER_unnesting), not schema.table.
    void unnesting(from_item& f, const std::vector<std::string>& earlier) {
        const auto dot = f.table.find('.');
        const bool navigates = dot != std::string::npos && !f.table.empty() && f.table.front() != '"' &&
                               std::find(earlier.begin(), earlier.end(), ascii_lower(f.table.substr(0, dot))) !=
                                   earlier.end();
        if (navigates) {
            f.unnests = std::move(f.table);
            f.table.clear();
        } else if (!f.at_alias.empty()) {
            misplaced_index_alias(peek(), f);
        }
    }

    // The joins after a FROM item; commas only at the top of FROM, not inside a parenthesized join.
    void join_list(std::vector<join_clause>& joins, bool commas) {
        for (;;) {
            join_clause j;
            if (commas && accept_sym(',')) {
                j.kind = join_kind::comma;
                j.right = from_source();
                joins.push_back(std::move(j));
                continue;
            }
            // [NATURAL] join_type (r_FROM_clause30); a NATURAL join takes no ON or USING
            if (accept_kw("natural")) {
                j.natural = true;
                if (is_kw(peek(), "cross"))
                    fail_at(peek(), "starshift.parse.unsupported_query",
                            "NATURAL CROSS JOIN: write CROSS JOIN or NATURAL JOIN");
                if (!is_kw(peek(), "join") && !is_kw(peek(), "inner") && !is_kw(peek(), "left") &&
                    !is_kw(peek(), "right") && !is_kw(peek(), "full"))
                    expected("a join type after NATURAL");
            }
            if (accept_kw("join")) {
                j.kind = join_kind::inner;
            } else if (accept_kw("inner")) {
                expect_kw("join");
                j.kind = join_kind::inner;
            } else if (accept_kw("left")) {
                (void)accept_kw("outer");
                expect_kw("join");
                j.kind = join_kind::left;
            } else if (accept_kw("right")) {
                (void)accept_kw("outer");
                expect_kw("join");
                j.kind = join_kind::right;
            } else if (accept_kw("full")) {
                (void)accept_kw("outer");
                expect_kw("join");
                j.kind = join_kind::full;
            } else if (accept_kw("cross")) {
                expect_kw("join");
                j.kind = join_kind::cross;
            } else {
                return;
            }
            j.right = from_source();
            if (j.natural) {
                if (is_kw(peek(), "on") || is_kw(peek(), "using"))
                    fail_at(peek(), "starshift.parse.unsupported_query",
                            "ON or USING after a NATURAL join: a NATURAL join takes neither");
            } else if (j.kind != join_kind::cross) {
                if (accept_kw("on")) j.on = expression();
                else if (accept_kw("using")) j.using_columns = name_list("a column name in USING (…)");
                else expected("ON or USING after the joined table");
            }
            joins.push_back(std::move(j));
        }
    }

    // ( a JOIN b … ) rather than ( query ): the first token after the opening parentheses is not SELECT or WITH
    bool starts_join_group() const {
        std::size_t k = 0;
        while (is_sym(peek(k), '(')) ++k;
        return !is_kw(peek(k), "select") && !is_kw(peek(k), "with");
    }

    // ( from_item join … ): a parenthesized join, without an alias
    from_item join_group_() {
        depth_guard g(*this);
        take();  // (
        auto group = std::make_shared<join_group>();
        group->first = from_source();
        join_list(group->joins, false);
        if (group->joins.empty())
            fail_at(peek(), "starshift.parse.unsupported_query",
                    "a parenthesized FROM item without a JOIN: write it without parentheses");
        expect_sym(')');
        const token& at = peek();
        if (!optional_alias().empty())
            fail_at(at, "starshift.parse.unsupported_query", "an alias after a parenthesized join: write it without");
        from_item f;
        f.joined = std::move(group);
        return f;
    }

    // AT name (PartiQL unnesting's index alias), not an alias named AT
    bool index_alias_follows() const {
        const token& n = peek(1);
        return is_kw(peek(), "at") &&
               (n.kind == token_kind::quoted_identifier || (n.kind == token_kind::word && !is_reserved_after_item(n)));
    }

    // table [[AS] alias] [AT index] | ( query ) [[AS] alias] | ( joins )
    from_item from_source() {
        from_item f;
        if (is_sym(peek(), '(')) {
            if (starts_join_group()) return join_group_();
            take();
            f.subquery = std::make_shared<const select_query>(query());
            expect_sym(')');
        } else {
            f.table = table_name();
        }
        if (!index_alias_follows()) f.alias = optional_alias();
        if (!f.alias.empty() && is_sym(peek(), '('))
            fail_at(peek(), "starshift.parse.unsupported_query", "column aliases after a FROM item's alias");
        if (index_alias_follows()) {
            take();  // AT
            f.at_alias = identifier("an index alias after AT");
        }
        return f;
    }

    std::vector<order_item> order_list() {
        std::vector<order_item> out;
        do {
            order_item o;
            o.value = expression();
            if (accept_kw("desc")) o.descending = true;
            else (void)accept_kw("asc");
            if (accept_kw("nulls")) {
                if (accept_kw("first")) o.nulls_first = true;
                else if (accept_kw("last")) o.nulls_first = false;
                else expected("FIRST or LAST after NULLS");
            }
            out.push_back(std::move(o));
        } while (accept_sym(','));
        return out;
    }

    // ---------------------------------------------------------------- expressions
    // operand {word operand}: OR of ANDs of NOT terms
    expr chain(std::string_view word, expr (query_parser::*operand)(), expr (*combine)(std::vector<expr>)) {
        std::vector<expr> terms{(this->*operand)()};
        while (accept_kw(word)) terms.push_back((this->*operand)());
        return terms.size() == 1 ? terms[0] : combine(std::move(terms));
    }
    expr expression() {
        depth_guard g(*this);
        return chain("or", &query_parser::and_expr, &or_);
    }
    expr and_expr() { return chain("and", &query_parser::not_expr, &and_); }
    expr not_expr() {
        if (is_kw(peek(), "not") && !is_kw(peek(1), "exists")) {
            depth_guard g(*this);
            take();
            return not_(not_expr());
        }
        return predicate();
    }

    expr predicate() {
        expr lhs = concat_expr();
        if (accept_kw("is")) {
            const bool negated = accept_kw("not");
            if (accept_kw("null")) return negated ? is_not_null(lhs) : is_null(lhs);
            std::string what;
            if (accept_kw("true")) what = "TRUE";
            else if (accept_kw("false")) what = "FALSE";
            else if (accept_kw("unknown")) what = "UNKNOWN";
            else expected("NULL, TRUE, FALSE or UNKNOWN after IS");
            expr::node n;
            n.k = expr::kind::is_test;
            n.name = what;
            n.negated = negated;
            n.args = {lhs};
            return make(std::move(n));
        }
        const bool negated = is_kw(peek(), "not") && (is_kw(peek(1), "in") || is_kw(peek(1), "between") ||
                                                      is_kw(peek(1), "like") || is_kw(peek(1), "ilike") ||
                                                      is_kw(peek(1), "similar"));
        if (negated) take();
        if (accept_kw("in")) {
            expect_sym('(');
            expr::node n;
            n.negated = negated;
            n.args = {lhs};
            if (is_kw(peek(), "select") || is_kw(peek(), "with")) {
                n.k = expr::kind::in_query;
                n.query = std::make_shared<const select_query>(query());
            } else {
                n.k = expr::kind::in_list;
                do n.args.push_back(expression());
                while (accept_sym(','));
            }
            expect_sym(')');
            return make(std::move(n));
        }
        if (accept_kw("between")) {
            expr::node n;
            n.k = expr::kind::between;
            n.negated = negated;
            expr lo = concat_expr();
            expect_kw("and");
            n.args = {lhs, lo, concat_expr()};
            return make(std::move(n));
        }
        std::string op;
        if (accept_kw("like")) op = "LIKE";
        else if (accept_kw("ilike")) op = "ILIKE";
        else if (accept_kw("similar")) {
            expect_kw("to");
            op = "SIMILAR TO";
        }
        if (!op.empty()) {
            expr::node n;
            n.k = expr::kind::pattern;
            n.name = op;
            n.negated = negated;
            n.args = {lhs, concat_expr()};
            if (accept_kw("escape")) n.args.push_back(concat_expr());
            return make(std::move(n));
        }
        if (negated) expected("IN, BETWEEN, LIKE, ILIKE or SIMILAR TO after NOT");
        // pattern-matching-conditions-posix: expression [ ! ] ~ pattern
        if (is_sym(peek(), '~') || at_pair('!', '~')) {
            expr::node n;
            n.k = expr::kind::pattern;
            n.name = "~";
            n.negated = take().text == "!";
            if (n.negated) take();
            n.args = {lhs, concat_expr()};
            return make(std::move(n));
        }
        binary_op bop;
        if (at_pair('<', '=')) bop = binary_op::le;
        else if (at_pair('>', '=')) bop = binary_op::ge;
        else if (at_pair('<', '>') || at_pair('!', '=')) bop = binary_op::ne;
        else if (is_sym(peek(), '<')) bop = binary_op::lt;
        else if (is_sym(peek(), '>')) bop = binary_op::gt;
        else if (is_sym(peek(), '=')) bop = binary_op::eq;
        else return lhs;
        const bool two = bop == binary_op::le || bop == binary_op::ge || bop == binary_op::ne;
        take();
        if (two) take();
        return binary(bop, lhs, concat_expr());
    }

    expr concat_expr() {
        expr lhs = additive();
        while (at_pair('|', '|')) {
            take();
            take();
            lhs = binary(binary_op::concat, lhs, additive());
        }
        return lhs;
    }
    expr additive() {
        expr lhs = multiplicative();
        for (;;) {
            if (is_sym(peek(), '+')) {
                take();
                lhs = binary(binary_op::add, lhs, multiplicative());
            } else if (is_sym(peek(), '-')) {
                take();
                lhs = binary(binary_op::sub, lhs, multiplicative());
            } else {
                return lhs;
            }
        }
    }
    expr multiplicative() {
        expr lhs = unary();
        for (;;) {
            binary_op op;
            if (is_sym(peek(), '*')) op = binary_op::mul;
            else if (is_sym(peek(), '/')) op = binary_op::div;
            else if (is_sym(peek(), '%')) op = binary_op::mod;
            else return lhs;
            take();
            lhs = binary(op, lhs, unary());
        }
    }
    expr unary() {
        if (is_sym(peek(), '-') || is_sym(peek(), '+')) {
            depth_guard g(*this);
            const bool minus = take().text == "-";
            expr inner = unary();
            if (!minus) return inner;
            expr::node n;
            n.k = expr::kind::unary;
            n.uop = unary_op::negate;
            n.args = {std::move(inner)};
            return make(std::move(n));
        }
        expr e = navigation(primary());
        while (at_pair(':', ':')) {
            take();
            take();
            e = cast(e, type_at());
        }
        return e;
    }

    sql_type type_at() { return parse_type_tokens(t_, pos_, src_, o_); }

    // SUPER navigation after a value (query-super): x[0], then .name or [i] steps.
    expr navigation(expr e) {
        bool subscripted = false;
        for (;;) {
            if (is_sym(peek(), '[')) {
                depth_guard g(*this);
                take();
                expr::node n;
                n.k = expr::kind::subscript;
                n.args = {std::move(e), expression()};
                expect_sym(']');
                e = make(std::move(n));
                subscripted = true;
            } else if (subscripted && is_sym(peek(), '.')) {
                take();
                expr::node n;
                n.k = expr::kind::member;
                n.args = {std::move(e)};
                n.name = unquoted(dotted_part());
                e = make(std::move(n));
            } else {
                return e;
            }
        }
    }

    static expr keyword(std::string name) {
        expr::node n;
        n.k = expr::kind::keyword;
        n.name = std::move(name);
        return make(std::move(n));
    }

    expr number_literal() {
        const token& t = take();
        const bool integral = t.text.find_first_of(".eE") == std::string::npos;
        if (integral) {
            std::int64_t v = 0;
            const auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
            if (ec == std::errc() && p == t.text.data() + t.text.size()) return lit(v);
        }
        const auto d = as_number(t.text);
        if (!d) fail_at(t, "starshift.parse.number_out_of_range", "number " + t.text + " cannot be read");
        return lit(*d);
    }

    expr datepart_arg() {
        const token& t = peek();
        if (t.kind != token_kind::word && t.kind != token_kind::string && t.kind != token_kind::quoted_identifier)
            expected("a date part (year, month, day, hour, …)");
        take();
        expr::node n;
        n.k = expr::kind::datepart;
        n.name = ascii_lower(t.text);
        return make(std::move(n));
    }

    expr primary() {
        const token& t = peek();
        switch (t.kind) {
            case token_kind::number: return number_literal();
            case token_kind::string: return lit(take().text);
            case token_kind::end:
            case token_kind::semicolon: expected("an expression");
            default: break;
        }
        if (is_sym(t, '(')) {
            depth_guard g(*this);
            take();
            if (is_kw(peek(), "select") || is_kw(peek(), "with")) {
                expr::node n;
                n.k = expr::kind::subquery;
                n.query = std::make_shared<const select_query>(query());
                expect_sym(')');
                return make(std::move(n));
            }
            expr e = expression();
            expect_sym(')');
            return e;
        }
        if (t.kind == token_kind::symbol) expected("an expression");
        if (t.kind == token_kind::word) {
            const std::string w = ascii_upper(t.text);
            if (w == "NULL" || w == "TRUE" || w == "FALSE") {
                take();
                return w == "NULL" ? null_value() : lit_bool(w == "TRUE");
            }
            if (w == "CASE") return case_expr();
            if (w == "CAST" && is_sym(peek(1), '(')) {
                take();
                take();
                expr e = expression();
                expect_kw("as");
                const sql_type ty = type_at();
                expect_sym(')');
                return cast(e, ty);
            }
            if (w == "EXTRACT" && is_sym(peek(1), '(')) {
                take();
                take();
                const token& part = peek();
                if (part.kind != token_kind::word && part.kind != token_kind::string) expected("a date part");
                take();
                expect_kw("from");
                expr e = expression();
                expect_sym(')');
                return extract(part.text, e);
            }
            if (w == "EXISTS" || (w == "NOT" && is_kw(peek(1), "exists"))) {
                const bool negated = w == "NOT";
                if (negated) take();
                take();
                expect_sym('(');
                expr::node n;
                n.k = expr::kind::exists;
                n.query = std::make_shared<const select_query>(query());
                expect_sym(')');
                expr e = make(std::move(n));
                return negated ? not_(e) : e;
            }
            if ((w == "DATE" || w == "TIMESTAMP" || w == "TIMESTAMPTZ" || w == "TIME" || w == "INTERVAL") &&
                peek(1).kind == token_kind::string) {
                take();
                expr::node n;
                n.k = expr::kind::typed_literal;
                n.name = w;
                n.literal = take().text;
                return make(std::move(n));
            }
            if (w == "SYSDATE" || w == "CURRENT_DATE" || w == "CURRENT_TIMESTAMP" || w == "CURRENT_TIME" ||
                w == "LOCALTIMESTAMP" || w == "LOCALTIME" || w == "CURRENT_USER" || w == "SESSION_USER" ||
                w == "USER" || w == "CURRENT_SCHEMA") {
                if (!is_sym(peek(1), '(') || w == "CURRENT_SCHEMA") {
                    take();
                    if (w == "CURRENT_SCHEMA" && accept_sym('(')) expect_sym(')');
                    return keyword(w);
                }
            }
            if (w == "APPROXIMATE" && (is_kw(peek(1), "count") || is_kw(peek(1), "percentile_disc"))) {
                take();
                const bool count = is_kw(peek(), "count");
                expr call = function_call();
                const expr::node& c = call.get();
                if (count && !c.distinct) fail_at(t, "starshift.parse.syntax", "APPROXIMATE COUNT needs DISTINCT");
                // r_APPROXIMATE_PERCENTILE_DISC: APPROXIMATE PERCENTILE_DISC (percentile) WITHIN GROUP (ORDER BY x)
                if (!count && c.within_group.empty())
                    fail_at(t, "starshift.parse.syntax", "APPROXIMATE PERCENTILE_DISC needs WITHIN GROUP (ORDER BY …)");
                expr::node n = c;
                n.approximate = true;
                return make(std::move(n));
            }
        }
        // a name: column, table.column, schema.table.column, t.*, or a function call
        if (is_clause_word(t)) expected("an expression");
        if (is_sym(peek(1), '(') && t.kind == token_kind::word) return function_call();
        if (is_sym(peek(1), '.') && is_sym(peek(3), '(') && peek(2).kind == token_kind::word &&
            t.kind == token_kind::word)
            return function_call();
        std::vector<std::string> parts{dotted_part()};
        while (is_sym(peek(), '.')) {
            take();
            if (is_sym(peek(), '*')) {
                take();
                expr::node n;
                n.k = expr::kind::star;
                n.qualifier = join_dotted(parts, parts.size());
                return make(std::move(n));
            }
            if (parts.size() >= 4) fail_at(peek(), "starshift.parse.syntax", "a column name has at most four parts");
            parts.push_back(dotted_part());
        }
        if (parts.size() == 1) {
            // an unquoted name keeps its folded spelling; a quoted one is stored as written
            return column_ref(unquoted(parts[0]));
        }
        return column_ref(join_dotted(parts, parts.size() - 1), unquoted(parts.back()));
    }

    static std::string join_dotted(const std::vector<std::string>& parts, std::size_t n) {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) out += (i ? "." : "") + parts[i];
        return out;
    }
    // The name of a dotted part ("a""b" → a"b).
    static std::string unquoted(const std::string& part) {
        if (part.size() < 2 || part.front() != '"') return part;
        std::string out;
        for (std::size_t i = 1; i + 1 < part.size(); ++i) {
            out += part[i];
            if (part[i] == '"') ++i;
        }
        return out;
    }

    expr case_expr() {
        take();  // CASE
        expr::node n;
        n.k = expr::kind::case_when;
        if (!is_kw(peek(), "when")) {
            n.k = expr::kind::case_simple;
            n.args.push_back(expression());
        }
        if (!is_kw(peek(), "when")) expected("WHEN");
        while (accept_kw("when")) {
            n.args.push_back(expression());
            expect_kw("then");
            n.args.push_back(expression());
        }
        if (accept_kw("else")) n.args.push_back(expression());
        expect_kw("end");
        return make(std::move(n));
    }

    // The SQL-standard spellings of three string functions, read into plain calls (the same results on Redshift and
    // PostgreSQL): POSITION(x IN s) keeps its name, args {x, s} (r_POSITION: its only form); SUBSTRING(s FROM a
    // [FOR b]) → SUBSTRING(s, a[, b]) (r_SUBSTRING); TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) →
    // BTRIM|LTRIM|RTRIM(s[, chars]) (r_TRIM). Each argument is read once (no backtracking).
    enum class keyword_form { none, complete, first_argument };
    keyword_form keyword_arguments(expr::node& n) {
        if (n.name == "POSITION") {
            expr x = concat_expr();
            expect_kw("in");
            n.args = {std::move(x), expression()};
            return keyword_form::complete;
        }
        if (n.name == "SUBSTRING") {
            n.args = {expression()};
            if (!is_kw(peek(), "from") && !is_kw(peek(), "for")) return keyword_form::first_argument;
            n.args.push_back(accept_kw("from") ? expression() : lit(1));
            if (accept_kw("for")) n.args.push_back(expression());
            return keyword_form::complete;
        }
        if (n.name == "TRIM") {
            std::string fn = "BTRIM";
            bool side = true;
            if (accept_kw("leading")) fn = "LTRIM";
            else if (accept_kw("trailing")) fn = "RTRIM";
            else side = accept_kw("both");
            std::optional<expr> chars;
            if (!accept_kw("from")) {
                expr first = expression();
                if (!accept_kw("from")) {
                    if (side) expected("FROM after TRIM's side and characters");
                    n.args = {std::move(first)};  // TRIM(s): an ordinary call
                    return keyword_form::first_argument;
                }
                chars = std::move(first);
            }
            n.name = fn;
            n.args = {expression()};
            if (chars) n.args.push_back(std::move(*chars));
            return keyword_form::complete;
        }
        return keyword_form::none;
    }

    // IGNORE NULLS | RESPECT NULLS of a window function (r_WF_first_value, r_WF_LAG, r_WF_NTH, …).
    void nulls_option(expr::node& n) {
        if ((is_kw(peek(), "ignore") || is_kw(peek(), "respect")) && is_kw(peek(1), "nulls")) {
            n.nulls = is_kw(take(), "ignore") ? "IGNORE NULLS" : "RESPECT NULLS";
            take();
        }
    }

    expr function_call() {
        std::string name = ascii_upper(take().text);
        if (accept_sym('.')) name += "." + ascii_upper(take().text);
        expect_sym('(');
        depth_guard g(*this);
        expr::node n;
        n.k = expr::kind::function;
        n.name = name;
        const keyword_form form = is_sym(peek(), ')') ? keyword_form::none : keyword_arguments(n);
        if (form == keyword_form::complete) {
            expect_sym(')');
            return make(std::move(n));
        }
        if (form == keyword_form::first_argument) {
            while (accept_sym(',')) n.args.push_back(expression());
        } else if (!is_sym(peek(), ')')) {
            if (accept_kw("distinct")) n.distinct = true;
            else (void)accept_kw("all");
            if (is_sym(peek(), '*')) {
                take();
                expr::node s;
                s.k = expr::kind::star;
                n.args.push_back(make(std::move(s)));
            } else {
                if (takes_datepart(name)) {
                    n.args.push_back(datepart_arg());
                    if (!accept_sym(',')) expected("',' after the date part");
                }
                do n.args.push_back(expression());
                while (accept_sym(','));
                nulls_option(n);  // FIRST_VALUE(x IGNORE NULLS)
                if (is_kw(peek(), "order") && is_kw(peek(1), "by")) {
                    take();
                    take();
                    n.arg_order = order_list();
                }
            }
        }
        expect_sym(')');
        if (n.nulls.empty()) nulls_option(n);  // LAG(x, 1) IGNORE NULLS
        if (!n.nulls.empty() && !is_kw(peek(), "over")) expected("OVER after " + n.nulls);
        if (accept_kw("within")) {
            expect_kw("group");
            expect_sym('(');
            expect_kw("order");
            expect_kw("by");
            n.within_group = order_list();
            expect_sym(')');
        }
        if (accept_kw("over")) {
            expect_sym('(');
            n.k = expr::kind::window;
            if (accept_kw("partition")) {
                expect_kw("by");
                do n.partition_by.push_back(expression());
                while (accept_sym(','));
            }
            if (is_kw(peek(), "order") && is_kw(peek(1), "by")) {
                take();
                take();
                n.order_by = order_list();
            }
            if (is_kw(peek(), "rows") || is_kw(peek(), "range")) n.frame = frame();
            expect_sym(')');
        }
        return make(std::move(n));
    }

    // ROWS|RANGE {UNBOUNDED PRECEDING | n PRECEDING | CURRENT ROW | n FOLLOWING | UNBOUNDED FOLLOWING} or BETWEEN …
    std::string frame() {
        std::string out = ascii_upper(take().text);
        auto bound = [&] {
            if (accept_kw("unbounded")) {
                if (accept_kw("preceding")) return std::string("UNBOUNDED PRECEDING");
                expect_kw("following");
                return std::string("UNBOUNDED FOLLOWING");
            }
            if (accept_kw("current")) {
                expect_kw("row");
                return std::string("CURRENT ROW");
            }
            const std::int64_t n = row_count("a frame offset");
            if (accept_kw("preceding")) return std::to_string(n) + " PRECEDING";
            expect_kw("following");
            return std::to_string(n) + " FOLLOWING";
        };
        if (accept_kw("between")) {
            out += " BETWEEN " + bound();
            expect_kw("and");
            out += " AND " + bound();
        } else {
            out += " " + bound();
        }
        return out;
    }

    std::string_view src_;
    std::size_t depth_ = 0;
};

}  // namespace

bool is_query_statement(const std::vector<token>& toks) {
    if (toks.empty()) return false;
    const token& t = toks.front();
    auto word = [&](std::size_t i, const char* w) {
        return i < toks.size() && toks[i].kind == token_kind::word && iequals(toks[i].text, w);
    };
    if (word(0, "create") && (word(1, "view") || (word(1, "or") && word(2, "replace") && word(3, "view"))))
        return true;
    if (t.kind == token_kind::symbol && t.text == "(") return true;
    if (t.kind != token_kind::word) return false;
    for (const char* w : {"select", "with", "insert", "update", "delete", "merge"})
        if (iequals(t.text, w)) return true;
    return false;
}

statement parse_query_tokens(const std::vector<token>& toks, std::string_view sql, const parse_options& options) {
    return query_parser(toks, sql, options).parse();
}

}  // namespace starshift::parse
