// The run's shared-memory segment: private to its owner, and gone with it.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "common/system_error.h"
#include "ipc/shared_segment.h"
#include "launch/run_segment.h"

using namespace mpingest;

TEST_CASE("a segment is created 0600 under a name with the parent's pid and removed by its owner", "[shm]") {
  std::string path;
  {
    SegmentLayout layout;
    layout.slot_count = 2;
    layout.slot_size = 4096;
    layout.cell_count = 3;
    auto segment = create_run_segment(layout);
    CHECK(segment->name().rfind("mpingest-" + std::to_string(::getpid()) + "-", 0) == 0);
    path = "/dev/shm/" + segment->name();
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    // A worker's view of the same segment sees what the parent wrote.
    run_queue(*segment).next = 42;
    run_status(*segment, 2)->items_done = 7;
    auto view = SharedSegment::open(segment->name());
    CHECK(run_queue(*view).next == 42);
    CHECK(run_status(*view, 2)->items_done == 7);
    CHECK(run_status(*view, 3) == nullptr);
  }
  CHECK(!std::filesystem::exists(path));
}

TEST_CASE("opening a segment that does not exist is a clear error", "[shm]") {
  CHECK_THROWS_AS(SharedSegment::open("mpingest-does-not-exist"), RunError);
}
