#include "starshift/copy/copy_encoder.hpp"

#include <algorithm>
#include <chrono>

#include "starshift/copy/detail/csv_splitter.hpp"
#include "starshift/copy/detail/field_writer.hpp"
#include "starshift/copy/detail/text_splitter.hpp"
#include "starshift/copy/text_converter.hpp"
#include "starshift/copy/jsonpaths.hpp"
#include "starshift/copy/record_converter.hpp"
#include "starshift/io/decompress.hpp"
#include "starshift/io/local_store.hpp"
#include "starshift/io/manifest.hpp"

namespace starshift::copy {

std::optional<maxerror_rule> parse_maxerror_rule(std::string_view s) noexcept {
    if (s == "more_than") return maxerror_rule::more_than;
    if (s == "at_least") return maxerror_rule::at_least;
    return std::nullopt;
}

bool maxerror_exceeded(std::uint64_t rejected, std::int64_t maxerror, maxerror_rule rule) noexcept {
    if (rejected == 0) {
        return false;
    }
    const auto limit = static_cast<std::uint64_t>(maxerror < 0 ? 0 : maxerror);
    if (rule == maxerror_rule::at_least) {
        return rejected >= (limit < 1 ? 1 : limit);
    }
    return rejected > limit;
}

namespace {

std::string read_all(const io::object_store& store, const std::string& key, std::size_t max_bytes) {
    std::string text;
    if (!io::read_object(store, key, max_bytes, text)) {
        throw load_error("starshift.copy.file_too_large", key + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    return text;
}

// " (found at line E); loading resumed at line R": the end of a reason for a record cut at a resync line (JSON and
// CSV splitters alike).
template <class Splitter>
std::string resumed_note(const Splitter& sp) {
    return " (found at line " + std::to_string(sp.end_line()) + "); loading resumed at line " +
           std::to_string(sp.resumed_line());
}

}  // namespace

struct copy_encoder::impl {
    copy_spec spec;
    copy_options options;
    std::size_t chunk_limit = 0;  // the size at which the chunk being filled goes to the sink (grows to chunk_bytes)
    io::local_store local;
    const io::object_store* store = nullptr;
    std::vector<std::string> names;
    std::vector<std::string> warnings;
    std::string source;  // what the source matched (store's describe_listing)
    std::unique_ptr<record_converter> converter;
    copy_stats stats;
    std::vector<reject> rejects;
    std::unique_ptr<csv_converter> csv;  // COPY … CSV: these two instead of the JSON record splitter and converter
    std::unique_ptr<csv_splitter> csv_split;
    std::unique_ptr<text_converter> text;  // the text format (delimited or FIXEDWIDTH)
    std::unique_ptr<text_splitter> text_split;

    // One CSV file: records → rows in `chunk` (sink called when full), rejects counted. False when cancelled.
    bool run_csv_file(io::byte_reader& reader, const std::string& key, std::string& chunk,
                      const std::function<void(std::string& chunk)>& sink, const std::atomic<bool>* cancel) {
        if (csv_split) {
            csv_split->reset(reader);
        } else {
            csv_split = std::make_unique<csv_splitter>(reader, csv_dialect{spec.format.field_delimiter(), spec.format.quote},
                                                       spec.format.ignore_header, options.csv.header_unit,
                                                       options.max_record_bytes, options.read_block);
        }
        csv_splitter& sp = *csv_split;
        std::uint64_t counted = 0;
        reject rej;
        for (csv_event ev = sp.next(); ev != csv_event::end; ev = sp.next()) {
            if (ev == csv_event::record && spec.format.ignoreblanklines && sp.text().empty()) {
                continue;  // IGNOREBLANKLINES: a line holding only its line end is no record
            }
            ++stats.records_read;
            const bool converted = ev == csv_event::record && csv->convert(sp.text(), chunk, rej);
            if (converted) {
                if (!row_loaded(sp.bytes(), counted, chunk, sink, cancel)) {
                    return false;
                }
                continue;
            }
            if (ev == csv_event::record) {
                // a structure error in a record that spans lines (a stray quote joined them): one reject for its
                // first line, and splitting resumes at the next line
                if (rej.code == csv_structure_code && sp.resync()) {
                    rej.raw_value.assign(cut_utf8(sp.text(), max_raw_value_bytes));
                    rej.reason += resumed_note(sp);
                }
            } else {
                rej = reject{};
                rej.code = ev == csv_event::too_large ? csv_too_large_code : csv_structure_code;
                rej.raw_value.assign(cut_utf8(sp.text(), max_raw_value_bytes));
                rej.reason = ev == csv_event::too_large
                                 ? "record larger than " + std::to_string(options.max_record_bytes) + " bytes"
                                 : "Delimited value missing end quote (the file ends inside a quoted field)";
                if (sp.resumed_line() != 0) {
                    rej.reason += resumed_note(sp);
                }
            }
            rej.file = key;
            rej.line = sp.line();
            add_reject(std::move(rej));
        }
        stats.bytes_read += sp.bytes() - counted;
        return true;
    }

    // One row went into `chunk`: counts it and hands a full chunk to the sink. False when cancelled.
    bool row_loaded(std::uint64_t bytes, std::uint64_t& counted, std::string& chunk,
                    const std::function<void(std::string& chunk)>& sink, const std::atomic<bool>* cancel) {
        ++stats.rows_loaded;
        if (chunk.size() < chunk_limit) {
            return true;
        }
        stats.bytes_read += bytes - counted;
        counted = bytes;
        chunk_limit = std::min(chunk_limit * 2, options.chunk_bytes);
        sink(chunk);
        chunk.clear();
        return cancel == nullptr || !cancel->load(std::memory_order_relaxed);
    }

    // One text (delimited or fixed-width) file, as run_csv_file.
    bool run_text_file(io::byte_reader& reader, const std::string& key, std::string& chunk,
                       const std::function<void(std::string& chunk)>& sink, const std::atomic<bool>* cancel) {
        if (text_split) {
            text_split->reset(reader);
        } else {
            text_splitter_options o;
            o.escape = spec.format.escape;
            o.ignore_blank_lines = spec.format.ignoreblanklines;
            o.ignore_header = spec.format.ignore_header;
            o.max_record_bytes = options.max_record_bytes;
            o.read_block = options.read_block;
            text_split = std::make_unique<text_splitter>(reader, o);
        }
        text_splitter& sp = *text_split;
        std::uint64_t counted = 0;
        reject rej;
        for (text_event ev = sp.next(); ev != text_event::end; ev = sp.next()) {
            ++stats.records_read;
            if (ev == text_event::record && text->convert(sp.text(), chunk, rej)) {
                if (!row_loaded(sp.bytes(), counted, chunk, sink, cancel)) {
                    return false;
                }
                continue;
            }
            if (ev == text_event::too_large) {
                detail::set_structure_reject(rej, std::string(), text_code::invalid_line,
                                             "record larger than " + std::to_string(options.max_record_bytes) +
                                                 " bytes",
                                             sp.text());
            }
            rej.file = key;
            rej.line = sp.line();
            add_reject(std::move(rej));
        }
        stats.bytes_read += sp.bytes() - counted;
        return true;
    }

    void add_reject(reject r) {
        ++stats.rows_rejected;
        if (rejects.size() < options.max_kept_rejects) {
            rejects.push_back(std::move(r));
        }
        if (maxerror_exceeded(stats.rows_rejected, spec.maxerror, options.maxerror_boundary)) {
            throw load_error("starshift.copy.maxerror_exceeded",
                             "COPY " + spec.table + ": " + std::to_string(stats.rows_rejected) +
                                 " load error(s) reached MAXERROR " + std::to_string(spec.maxerror) +
                                 "; nothing was loaded",
                             rejects);
        }
    }
};

copy_encoder::copy_encoder(const copy_spec& spec, const table& target, const copy_options& options)
    : impl_(std::make_unique<impl>()) {
    impl& m = *impl_;
    m.spec = spec;
    m.options = options;
    m.options.chunk_bytes = std::max<std::size_t>(m.options.chunk_bytes, 4096);
    m.chunk_limit = std::clamp<std::size_t>(m.options.first_chunk_bytes, 4096, m.options.chunk_bytes);
    m.store = options.store != nullptr ? options.store : &m.local;
    if (options.store == nullptr && spec.source.is_s3()) {
        throw load_error("starshift.copy.no_store", "COPY from " + spec.source.uri + " needs an S3 object store");
    }
    validate_columns(spec, target);  // the column list, IDENTITY and NOT NULL rules, before any input is read
    auto cols = target_columns(spec, target);
    for (const auto& c : cols) {
        m.names.push_back(c.name);
    }
    std::optional<std::vector<json_path>> paths;
    bool ignorecase = spec.format.kind == copy_format_kind::json_auto_ignorecase;
    if (spec.format.kind == copy_format_kind::json_paths) {
        const std::string text = read_all(*m.store, spec.format.jsonpaths, 16U << 20U);
        jsonpaths_file f = parse_jsonpaths(text, spec.format.jsonpaths, options.jsonpaths_key);
        if (!f.warning.empty()) {
            m.warnings.push_back(f.warning);
        }
        paths = std::move(f.paths);
    } else if (spec.format.kind == copy_format_kind::csv) {
        conversion_settings csv_settings = conversion_settings::from_spec(spec);
        csv_settings.wire = options.wire;
        csv_options csv = options.csv;
        if (spec.format.null_as) {
            csv.null_as = spec.format.null_as;
        }
        m.csv = std::make_unique<csv_converter>(cols, csv_dialect{spec.format.field_delimiter(), spec.format.quote},
                                                std::move(csv_settings), std::move(csv), spec.format.fillrecord);
    } else if (spec.format.kind == copy_format_kind::text) {
        conversion_settings text_settings = conversion_settings::from_spec(spec);
        text_settings.wire = options.wire;
        m.text = std::make_unique<text_converter>(cols, text_format::from_spec(spec.format, options.fixedwidth),
                                                  std::move(text_settings));
    }
    conversion_settings settings = conversion_settings::from_spec(spec);
    settings.wire = options.wire;
    m.converter = std::make_unique<record_converter>(std::move(cols), std::move(paths), ignorecase,
                                                     std::move(settings));
}

copy_encoder::~copy_encoder() = default;

const std::vector<std::string>& copy_encoder::column_names() const noexcept { return impl_->names; }
const std::vector<std::string>& copy_encoder::warnings() const noexcept { return impl_->warnings; }
const std::string& copy_encoder::source() const noexcept { return impl_->source; }
const copy_stats& copy_encoder::stats() const noexcept { return impl_->stats; }
const std::vector<reject>& copy_encoder::rejects() const noexcept { return impl_->rejects; }

void copy_encoder::run(const std::function<void(std::string& chunk)>& sink, const std::atomic<bool>* cancel) {
    impl& m = *impl_;
    // Requests the store retries during the run (the listing's too), for the COPY's report.
    struct count_retries {
        impl& m;
        std::uint64_t from;
        ~count_retries() { m.stats.request_retries = m.store->retries() - from; }
    } const retry_count{m, m.store->retries()};
    // Objects are fetched ahead by the store (S3: many GETs in flight on one event loop, bounded memory, the first
    // listing page's while the next one is listed) and handed over in listing order, so line numbers and rejects do
    // not depend on which download finishes first.
    std::vector<io::object_info> files;
    std::unique_ptr<io::object_sequence> sequence;
    if (m.spec.source.manifest) {
        files = io::read_manifest(*m.store, m.spec.source.uri,
                                  [&m](const std::string& w) { m.warnings.push_back(w); });
    } else {
        io::listed_objects listed = m.store->list_and_open(m.spec.source.uri, m.options.open_ahead);
        files = std::move(listed.objects);
        sequence = std::move(listed.sequence);
    }
    m.source = m.spec.source.manifest ? "manifest " + m.spec.source.uri + ": " + io::file_count(files.size())
                                      : m.store->describe_listing(m.spec.source.uri, files);
    if (files.empty()) {
        throw load_error("starshift.copy.no_files", "COPY " + m.spec.table + ": no files match (" + m.source + ")");
    }
    std::string chunk;
    chunk.reserve(m.options.chunk_bytes + 64 * 1024);
    append_stream_start(chunk, m.options.wire);  // binary: the header
    reject rej;
    std::unique_ptr<record_splitter> splitter_storage;  // one splitter (and its 1 MB block) for every file
    if (!sequence) {
        sequence = m.store->open_sequence(files, m.options.open_ahead);
    }
    for (const auto& file : files) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
            return;
        }
        ++m.stats.files;
        const std::uint64_t records0 = m.stats.records_read, rejected0 = m.stats.rows_rejected;
        const std::uint64_t bytes0 = m.stats.bytes_read;
        const auto file_done = [&m, &file, records0, rejected0, bytes0] {
            m.stats.per_file.push_back({file.key, m.stats.records_read - records0, m.stats.rows_rejected - rejected0,
                                        m.stats.bytes_read - bytes0});
        };
        std::unique_ptr<io::byte_reader> object = sequence->next();
        if (!object) {
            throw io::io_error("starshift.io.sequence_ended", file.key, "the object store's sequence ended early");
        }
        auto reader = io::make_decompressing_reader(std::move(object), m.spec.compression);
        if (m.csv || m.text) {
            if (!(m.csv ? m.run_csv_file(*reader, file.key, chunk, sink, cancel)
                        : m.run_text_file(*reader, file.key, chunk, sink, cancel))) {
                return;
            }
            file_done();
            continue;
        }
        if (splitter_storage) {
            splitter_storage->reset(*reader);
        } else {
            splitter_storage =
                std::make_unique<record_splitter>(*reader, m.options.max_record_bytes, m.options.read_block);
        }
        record_splitter& splitter = *splitter_storage;
        splitter.enable_line_candidates(true);
        std::uint64_t counted = 0;
        for (;;) {
            split_event ev = splitter.next();
            if (ev == split_event::end) {
                break;
            }
            bool converted = false;
            bool ok = false;
            if (ev == split_event::record && splitter.candidate()) {
                bool not_one_value = false;
                ok = m.converter->convert_candidate(splitter.text(), chunk, rej, not_one_value);
                converted = !not_one_value;
                if (not_one_value) {
                    ev = splitter.rescan();
                }
            }
            ++m.stats.records_read;
            if (ev == split_event::record) {
                if (!converted) {
                    ok = m.converter->convert(splitter.text(), chunk, rej);
                }
                if (ok) {
                    if (!m.row_loaded(splitter.bytes(), counted, chunk, sink, cancel)) {
                        return;
                    }
                    continue;
                }
                // a record that is not well-formed JSON and spans lines is cut before its first line that starts
                // a record: one reject for the lines before, and the records after it still load
                if (m.converter->malformed() && splitter.resync()) {
                    rej.raw_value.assign(cut_utf8(splitter.text(), max_raw_value_bytes));
                    rej.reason += resumed_note(splitter);
                } else {
                    splitter.skip_rest_of_line();
                }
            } else {
                rej = reject{};
                rej.code = error_code::malformed_json;
                rej.raw_value.assign(cut_utf8(splitter.text(), max_raw_value_bytes));
                const bool resumed = splitter.resumed_line() != 0;
                if (ev == split_event::garbage) {
                    rej.reason = "text outside a JSON object";
                } else if (ev == split_event::too_large) {
                    rej.reason = resumed ? "JSON object not closed within " +
                                               std::to_string(m.options.max_record_bytes) + " bytes" + resumed_note(splitter)
                                         : "JSON object larger than " + std::to_string(m.options.max_record_bytes) + " bytes";
                    if (!resumed) {
                        splitter.skip_rest_of_line();
                    }
                } else {
                    rej.reason = resumed ? "unterminated JSON object" + resumed_note(splitter)
                                         : "the file ends inside a JSON object";
                }
            }
            rej.file = file.key;
            rej.line = splitter.line();
            m.add_reject(std::move(rej));
        }
        m.stats.bytes_read += splitter.bytes() - counted;
        file_done();
    }
    append_stream_end(chunk, m.options.wire);  // binary: the trailer
    if (!chunk.empty()) {
        sink(chunk);
        chunk.clear();
    }
    if (m.stats.records_read != m.stats.rows_loaded + m.stats.rows_rejected) {
        throw load_error("starshift.copy.internal_count",
                         "records_read != rows_loaded + rows_rejected (a bug in the copy engine)");
    }
}

}  // namespace starshift::copy
