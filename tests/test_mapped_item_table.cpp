// The item list image a spawned worker reads in place: every accessor gives
// what the parent's list gives, and a damaged image is refused, never read.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "common/system_error.h"
#include "corpus/enumerate_maildir.h"
#include "corpus/mapped_item_table.h"
#include "corpus/open_input.h"
#include "test_support.h"

using namespace mpingest;
namespace fs = std::filesystem;

namespace {

// The image copied to 8-aligned memory, as the segment and a frame give it.
struct AlignedImage {
  explicit AlignedImage(const std::string& image) : words((image.size() + 7) / 8 + 1), size(image.size()) {
    std::memcpy(words.data(), image.data(), image.size());
  }
  std::string_view view(std::size_t shift = 0) const {
    return {reinterpret_cast<const char*>(words.data()) + shift, size};
  }
  std::vector<std::uint64_t> words;
  std::size_t size;
};

void check_same(const ItemList& list, const ItemTable& table) {
  REQUIRE(table.size() == list.size());
  CHECK(table.root() == list.root());
  CHECK(table.format() == list.format());
  CHECK(table.text_column() == list.text_column());
  for (std::size_t i = 0; i < list.size(); ++i) test::check_item_matches(list, table, i);
}

}  // namespace

TEST_CASE("an item list image reads back as the list, for a maildir and for records", "[items]") {
  test::TempDir dir;
  test::write_file(dir.path() / "u/a/1.", "To: a@b\n\nx\n");
  test::write_file(dir.path() / "u/a/2.", "");
  REQUIRE(::mkfifo((dir.path() / "u/fifo").c_str(), 0600) == 0);
  fs::create_symlink(dir.path() / "u/a/1.", dir.path() / "u/link");
  ItemList maildir = enumerate_maildir(dir.path().string());
  AlignedImage maildir_image(encode_item_image(maildir));
  check_same(maildir, MappedItemTable(maildir_image.view()));

  ItemList csv = enumerate_input({test::generated_csv().string()});
  AlignedImage csv_image(encode_item_image(csv));
  check_same(csv, MappedItemTable(csv_image.view()));

  ItemList mbox = enumerate_input({test::generated_mbox().string()});
  AlignedImage mbox_image(encode_item_image(mbox));
  check_same(mbox, MappedItemTable(mbox_image.view()));

  ItemList empty(dir.path().string());
  AlignedImage empty_image(encode_item_image(empty));
  CHECK(MappedItemTable(empty_image.view()).empty());
}

TEST_CASE("a truncated, misaligned or scribbled-on image is refused", "[items]") {
  ItemList list = enumerate_maildir(test::generated_corpus().string());
  const std::string image = encode_item_image(list);

  SECTION("every truncation") {
    for (std::size_t cut = 0; cut < image.size(); cut += 1 + cut / 16) {
      AlignedImage truncated(image.substr(0, cut));
      CHECK_THROWS_AS(MappedItemTable(truncated.view()), RunError);
    }
  }
  SECTION("not 8-aligned") {
    AlignedImage shifted("x" + image);
    CHECK_THROWS_AS(MappedItemTable(std::string_view(shifted.view(1).data(), image.size())), RunError);
  }
  SECTION("an offset that points backwards or past the arena, or an unknown kind") {
    constexpr std::size_t kOffsets = 64;  // right after the header
    std::string backwards = image;
    const std::uint64_t huge = ~std::uint64_t{0} >> 1;
    std::memcpy(backwards.data() + kOffsets + 8 * 5, &huge, sizeof huge);
    AlignedImage a(backwards);
    CHECK_THROWS_AS(MappedItemTable(a.view()), RunError);

    std::string bad_kind = image;
    std::size_t kinds_at = kOffsets + 8 * (list.size() + 1) + 4 * list.size();
    kinds_at = (kinds_at + 7) & ~std::size_t{7};
    bad_kind[kinds_at + 3] = static_cast<char>(200);
    AlignedImage b(bad_kind);
    CHECK_THROWS_AS(MappedItemTable(b.view()), RunError);

    std::string bad_magic = image;
    bad_magic[0] ^= 1;
    AlignedImage c(bad_magic);
    CHECK_THROWS_AS(MappedItemTable(c.view()), RunError);
  }
}
