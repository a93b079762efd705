#include "launch/run_dispatcher.h"

namespace mpingest {

RunDispatcher make_run_dispatcher(const DispatchSpec& spec, WorkQueueState* queue, bool start_server) {
  RunDispatcher run;
  if (dispatch_asks_parent(spec.strategy)) {
    run.server = std::make_unique<RequestServer>(spec.item_count, spec.batch, spec.workers);
    run.dispatcher = run.server->dispatcher();
    if (start_server) run.server->start();
  } else {
    run.dispatcher = make_dispatcher(spec, queue);
  }
  return run;
}

}  // namespace mpingest
