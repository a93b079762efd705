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

// `queue` as for make_dispatcher. request's server is started at once
// unless `start_server` is false (process launchers start it after forking:
// RequestServer::start). Throws ResourceError when its sockets or thread cannot be had.
RunDispatcher make_run_dispatcher(const DispatchSpec& spec, WorkQueueState* queue, bool start_server = true);

}  // namespace mpingest
