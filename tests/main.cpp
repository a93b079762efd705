// The Catch2 runner of mpingest_tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
