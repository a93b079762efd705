#pragma once
// A run's dispatcher, with what it needs in the parent: for --dispatch
// request, the server that answers the workers (it must outlive them).

#include <memory>

#include "dispatch/dispatcher.h"
#include "dispatch/request_dispatch.h"

namespace mpingest {

struct RunDispatcher {
  std::unique_ptr<RequestServer> server;  // --dispatch request only
  std::unique_ptr<Dispatcher> dispatcher;
};

// `queue` as for make_dispatcher. Throws ResourceError when request's sockets or thread cannot be had.
RunDispatcher make_run_dispatcher(const DispatchSpec& spec, WorkQueueState* queue);

}  // namespace mpingest
