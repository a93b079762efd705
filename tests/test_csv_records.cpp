// index_csv / csv_field follow Python's csv module (default dialect, file
// opened with newline=''). Expected values in the table were computed with
// Python 3.11.7; the expression is in the comment above each case.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "corpus/csv_records.h"

using namespace mpingest;

namespace {

// The record's text, as a worker would pread it.
std::string_view text_of(std::string_view file, const RecordSpan& span) {
  return file.substr(span.offset, span.length);
}

std::string field(std::string_view record, std::size_t column) {
  std::string out, error;
  REQUIRE(csv_field(record, column, out, &error));
  return out;
}

// Every field of a record, through csv_field, until it reports the end.
std::vector<std::string> all_fields(std::string_view record) {
  std::vector<std::string> fields;
  std::string out, error;
  while (csv_field(record, fields.size(), out, &error)) fields.push_back(out);
  CHECK(!error.empty());
  return fields;
}

struct PythonCase {
  std::string_view file;
  std::vector<std::vector<std::string>> rows;  // header first
  std::vector<std::uint64_t> lines;            // where each row starts
};

const std::vector<PythonCase>& python_cases() {
  static const std::vector<PythonCase> cases = {
      // r = csv.reader(io.StringIO('h1,h2\na,b\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\na,b\n",
       {{"h1", "h2"}, {"a", "b"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"a,b","c"\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"a,b\",\"c\"\n",
       {{"h1", "h2"}, {"a,b", "c"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"say ""hi""",""""\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"say \"\"hi\"\"\",\"\"\"\"\n",
       {{"h1", "h2"}, {"say \"hi\"", "\""}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"x"y,z\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"x\"y,z\n",
       {{"h1", "h2"}, {"xy", "z"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"x"y"z",w\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"x\"y\"z\",w\n",
       {{"h1", "h2"}, {"xy\"z\"", "w"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\nb"c"d,e\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\nb\"c\"d,e\n",
       {{"h1", "h2"}, {"b\"c\"d", "e"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"a\nb","c\r\nd"\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"a\nb\",\"c\r\nd\"\n",
       {{"h1", "h2"}, {"a\nb", "c\r\nd"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\r\na,b\r\nc,d\r\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\r\na,b\r\nc,d\r\n",
       {{"h1", "h2"}, {"a", "b"}, {"c", "d"}},
       {1, 2, 3}},
      // r = csv.reader(io.StringIO('h1,h2\ra,b\rc,d', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\ra,b\rc,d",
       {{"h1", "h2"}, {"a", "b"}, {"c", "d"}},
       {1, 2, 3}},
      // r = csv.reader(io.StringIO('h1,h2,h3\n,,\n"",,""\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2,h3\n,,\n\"\",,\"\"\n",
       {{"h1", "h2", "h3"}, {"", "", ""}, {"", "", ""}},
       {1, 2, 3}},
      // r = csv.reader(io.StringIO('h1,h2\na,b', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\na,b",
       {{"h1", "h2"}, {"a", "b"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"a\rb",c\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"a\rb\",c\n",
       {{"h1", "h2"}, {"a\rb", "c"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n ",a",b\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n \",a\",b\n",
       {{"h1", "h2"}, {" \"", "a\"", "b"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"",""""""\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"\",\"\"\"\"\"\"\n",
       {{"h1", "h2"}, {"", "\"\""}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"a""",b\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"a\"\"\",b\n",
       {{"h1", "h2"}, {"a\"", "b"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"a"" ""b",c\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"a\"\" \"\"b\",c\n",
       {{"h1", "h2"}, {"a\" \"b", "c"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1\n"From: x@y\r\nTo: a@b, \r\n\tc@d\r\n\r\nHi, ""you""\r\n"\n', newline="")): rows (skipping []), r.line_num before each
      {"h1\n\"From: x@y\r\nTo: a@b, \r\n\tc@d\r\n\r\nHi, \"\"you\"\"\r\n\"\n",
       {{"h1"}, {"From: x@y\r\nTo: a@b, \r\n\tc@d\r\n\r\nHi, \"you\"\r\n"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"a comma, and\na newline",x\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"a comma, and\na newline\",x\n",
       {{"h1", "h2"}, {"a comma, and\na newline", "x"}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n\na,b\n\r\n\rc,"d\r\re"\n\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\na,b\n\r\n\rc,\"d\r\re\"\n\n",
       {{"h1", "h2"}, {"a", "b"}, {"c", "d\r\re"}},
       {1, 3, 6}},
      // r = csv.reader(io.StringIO('h1,h2\n"\r""\nx",y\nz,w\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"\r\"\"\nx\",y\nz,w\n",
       {{"h1", "h2"}, {"\r\"\nx", "y"}, {"z", "w"}},
       {1, 2, 5}},
      // r = csv.reader(io.StringIO('h1,h2\nété,"ü,中"\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\xc3""\xa9""t\xc3""\xa9"",\"\xc3""\xbc"",\xe4""\xb8""\xad""\"\n",
       {{"h1", "h2"}, {"\xc3""\xa9""t\xc3""\xa9""", "\xc3""\xbc"",\xe4""\xb8""\xad"""}},
       {1, 2}},
      // r = csv.reader(io.StringIO('h1,h2\n"a"\r\n"b"\r\n', newline="")): rows (skipping []), r.line_num before each
      {"h1,h2\n\"a\"\r\n\"b\"\r\n",
       {{"h1", "h2"}, {"a"}, {"b"}},
       {1, 2, 3}},
  };
  return cases;
}

}  // namespace

TEST_CASE("field values and row lines match Python's csv.reader", "[csv]") {
  for (const PythonCase& c : python_cases()) {
    INFO("file: " << c.file);
    const CsvIndex index = index_csv(c.file);
    CHECK(index.header_error.empty());
    CHECK(index.columns == c.rows[0]);
    REQUIRE(index.rows.size() + 1 == c.rows.size());
    for (std::size_t i = 0; i < index.rows.size(); ++i) {
      INFO("row " << i + 1);
      CHECK(all_fields(text_of(c.file, index.rows[i])) == c.rows[i + 1]);
      CHECK(index.rows[i].line == c.lines[i + 1]);
      // Rows whose field count differs from the header's are flagged.
      CHECK(index.rows[i].error.empty() == (c.rows[i + 1].size() == c.rows[0].size()));
    }
  }
}

TEST_CASE("a quoted field keeps its commas, and its row is one record", "[csv]") {
  const std::string_view file = "id,text\n1,\"a, b, c\"\n2,plain\n";
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 2);
  CHECK(index.rows[0].error.empty());
  CHECK(field(text_of(file, index.rows[0]), 1) == "a, b, c");
  CHECK(field(text_of(file, index.rows[1]), 1) == "plain");
}

TEST_CASE("doubled quotes inside a quoted field become one quote", "[csv]") {
  const std::string_view file = "a,b\n\"he said \"\"no\"\"\",\"\"\"\"\n";
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 1);
  CHECK(field(text_of(file, index.rows[0]), 0) == "he said \"no\"");
  CHECK(field(text_of(file, index.rows[0]), 1) == "\"");
}

TEST_CASE("LF and CRLF inside quoted fields are kept and are not record boundaries", "[csv]") {
  const std::string_view file =
      "Id,RawText\n"
      "1,\"To: a@b\nSubject: x\n\nbody\n\"\n"
      "2,\"To: c@d\r\nSubject: y\r\n\r\nbody\r\n\"\r\n"
      "3,last\n";
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 3);
  for (const RecordSpan& row : index.rows) CHECK(row.error.empty());
  CHECK(field(text_of(file, index.rows[0]), 1) == "To: a@b\nSubject: x\n\nbody\n");
  CHECK(field(text_of(file, index.rows[1]), 1) == "To: c@d\r\nSubject: y\r\n\r\nbody\r\n");
  CHECK(field(text_of(file, index.rows[2]), 0) == "3");
  // Physical lines: the quoted line breaks count, as in Python's line_num.
  CHECK(index.rows[0].line == 2);
  CHECK(index.rows[1].line == 7);
  CHECK(index.rows[2].line == 12);
}

TEST_CASE("CRLF records: spans exclude the terminator", "[csv]") {
  const std::string_view file = "a,b\r\n1,2\r\n3,4\r\n";
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 2);
  CHECK(text_of(file, index.rows[0]) == "1,2");
  CHECK(index.rows[0].offset == 5);
  CHECK(index.rows[0].line == 2);
  CHECK(text_of(file, index.rows[1]) == "3,4");
  CHECK(index.rows[1].line == 3);
  CHECK(field(text_of(file, index.rows[1]), 1) == "4");
}

TEST_CASE("a lone CR ends a record, as in Python's csv module", "[csv]") {
  const std::string_view file = "a,b\r1,2\r3,4\r";
  const CsvIndex index = index_csv(file);
  CHECK(index.columns == std::vector<std::string>{"a", "b"});
  REQUIRE(index.rows.size() == 2);
  CHECK(text_of(file, index.rows[0]) == "1,2");
  CHECK(text_of(file, index.rows[1]) == "3,4");
  CHECK(index.rows[1].line == 3);
}

TEST_CASE("empty fields, quoted or not, are empty strings", "[csv]") {
  const std::string_view file = "a,b,c\n,,\n\"\",x,\"\"\n";
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 2);
  CHECK(index.rows[0].error.empty());
  CHECK(all_fields(text_of(file, index.rows[0])) == std::vector<std::string>{"", "", ""});
  CHECK(all_fields(text_of(file, index.rows[1])) == std::vector<std::string>{"", "x", ""});
}

TEST_CASE("the last row may lack a line terminator", "[csv]") {
  const std::string_view file = "a,b\n1,\"two\nlines\"";
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 1);
  CHECK(index.rows[0].error.empty());
  CHECK(index.rows[0].offset + index.rows[0].length == file.size());
  CHECK(field(text_of(file, index.rows[0]), 1) == "two\nlines");
}

TEST_CASE("a UTF-8 BOM is stripped from the first column name", "[csv]") {
  const std::string_view file = "\xEF\xBB\xBFId,RawText\n1,x\n";
  const CsvIndex index = index_csv(file);
  CHECK(index.columns == std::vector<std::string>{"Id", "RawText"});
  CHECK(csv_column(index, "Id") == 0);
  REQUIRE(index.rows.size() == 1);
  CHECK(index.rows[0].offset == 14);
  // A quoted first name after the BOM is unquoted as usual.
  CHECK(index_csv("\xEF\xBB\xBF\"Id\",b\n").columns == std::vector<std::string>{"Id", "b"});
}

TEST_CASE("blank lines between rows are skipped but counted as lines", "[csv]") {
  const std::string_view file = "\na,b\n\n1,2\r\n\r\n\r3,4\n\n";
  const CsvIndex index = index_csv(file);
  CHECK(index.columns == std::vector<std::string>{"a", "b"});
  REQUIRE(index.rows.size() == 2);
  CHECK(text_of(file, index.rows[0]) == "1,2");
  CHECK(index.rows[0].line == 4);
  CHECK(text_of(file, index.rows[1]) == "3,4");
  CHECK(index.rows[1].line == 7);
  for (const RecordSpan& row : index.rows) CHECK(row.error.empty());
}

TEST_CASE("a row with too many or too few fields is reported with row and line, the rest still indexed",
          "[csv]") {
  const std::string_view file =
      "a,b,c\n"
      "1,2,3\n"
      "1,2\n"                 // too few
      "\"x\ny\",2,3,4\n"      // too many, spans two lines
      "7,8,9\n";
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 4);
  CHECK(index.rows[0].error.empty());
  CHECK(index.rows[1].error == "expected 3 fields, found 2");
  CHECK(index.rows[2].error == "expected 3 fields, found 4");
  CHECK(index.rows[3].error.empty());
  CHECK(index.rows[3].line == 6);
  CHECK(field(text_of(file, index.rows[3]), 2) == "9");
}

TEST_CASE("an unterminated quote makes the rest of the file one malformed row", "[csv]") {
  const std::string_view file = "a,b\n1,2\n3,\"open\n4,5\n6,7\n";
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 2);
  CHECK(index.rows[0].error.empty());
  const RecordSpan& bad = index.rows[1];
  CHECK(bad.offset == 8);
  CHECK(bad.offset + bad.length == file.size());
  CHECK(bad.line == 3);
  CHECK(bad.error == "quoted field not closed before the end of the file");
  // csv_field still reads it without going past the end: the field runs to EOF.
  CHECK(field(text_of(file, bad), 1) == "open\n4,5\n6,7\n");
}

TEST_CASE("a quote opened as the very last byte is unterminated too", "[csv]") {
  const CsvIndex index = index_csv("a,b\n1,\"");
  REQUIRE(index.rows.size() == 1);
  CHECK(index.rows[0].error == "quoted field not closed before the end of the file");
}

TEST_CASE("a NUL byte makes its row malformed, quoted or not", "[csv]") {
  using namespace std::string_literals;
  const std::string file = "a,b\n1,x\0y\n2,\"p\0q\"\n3,ok\n"s;
  const CsvIndex index = index_csv(file);
  REQUIRE(index.rows.size() == 3);
  CHECK(index.rows[0].error == "NUL byte in row");
  CHECK(index.rows[1].error == "NUL byte in row");
  CHECK(index.rows[2].error.empty());
  CHECK(index.rows[2].line == 4);
}

TEST_CASE("a header-only file has columns and no rows", "[csv]") {
  for (std::string_view file : {"Id,RawText", "Id,RawText\n", "Id,RawText\r\n\r\n"}) {
    const CsvIndex index = index_csv(file);
    CHECK(index.columns == std::vector<std::string>{"Id", "RawText"});
    CHECK(index.rows.empty());
    CHECK(index.header_error.empty());
  }
}

TEST_CASE("an empty file, or one of blank lines, has no columns and no rows", "[csv]") {
  for (std::string_view file : {"", "\n\n", "\r\n", "\xEF\xBB\xBF"}) {
    const CsvIndex index = index_csv(file);
    CHECK(index.columns.empty());
    CHECK(index.rows.empty());
  }
}

TEST_CASE("a malformed header is reported in header_error", "[csv]") {
  const CsvIndex index = index_csv("a,\"b\n1,2\n");
  CHECK(index.header_error == "header (line 1): quoted field not closed before the end of the file");
  CHECK(index.rows.empty());
}

TEST_CASE("csv_field reports a record with fewer fields than asked for", "[csv]") {
  std::string out = "stale", error;
  CHECK(csv_field("a,\"b,c\"", 1, out, &error));
  CHECK(out == "b,c");
  CHECK_FALSE(csv_field("a,\"b,c\"", 2, out, &error));
  CHECK(error == "record has 2 fields, field 3 was asked for");
  CHECK_FALSE(csv_field("a", 5, out, nullptr));  // error is optional
  CHECK(csv_field("", 0, out, &error));
  CHECK(out.empty());
}

TEST_CASE("csv_column finds a column by exact name", "[csv]") {
  const CsvIndex index = index_csv("Id,RawText,rawtext\n");
  CHECK(csv_column(index, "RawText") == 1);
  CHECK(csv_column(index, "rawtext") == 2);
  CHECK(csv_column(index, "Raw") == std::string_view::npos);
}
