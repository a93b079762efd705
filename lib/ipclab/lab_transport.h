#pragma once
// The transports `mpingest ipc` compares. A LabTransport is made in the
// parent before the workers are forked and holds, for each worker, a link
// with two ends; after fork each side keeps its own end and closes every
// other, so a process that dies is seen at once as the end of its stream.
//
// An end moves whole messages of one size (the raw transports carry bare
// bytes: the receiver knows the size, as in ipc-bench). Sending blocks while
// the transport is full (back-pressure); receiving never blocks: the caller
// waits on wait_fds() (see wait_for_message in lab_run.cpp).

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mpingest {

class LabEnd {
 public:
  using Deliver = std::function<void(std::string_view message)>;
  virtual ~LabEnd() = default;

  // Sends one whole message. Throws RunError if the other side is gone.
  virtual void send(std::string_view message) = 0;
  // Sends what is buffered (mpingest's record sinks batch small records).
  virtual void flush() {}
  // Hands every whole message that has arrived to `deliver`, without
  // blocking. Returns false once the other side has closed its end and
  // nothing is left (a partial message left then is the caller's error).
  virtual bool receive(const Deliver& deliver) = 0;
  // Bytes of a message begun but not yet whole.
  virtual std::size_t partial_bytes() const = 0;
  // Descriptors that become readable when a message may have arrived or
  // the other side has gone.
  virtual std::vector<int> wait_fds() const = 0;
  // Called before sleeping on wait_fds(): false if something arrived
  // meanwhile (do not sleep). Shared memory has no descriptor of its own to
  // become readable: its end asks to be woken here.
  virtual bool prepare_to_wait() { return true; }
};

class LabTransport {
 public:
  virtual ~LabTransport() = default;
  // In worker `worker`, once, after fork: its end; every other descriptor of
  // the transport is closed.
  virtual std::unique_ptr<LabEnd> worker_end(int worker) = 0;
  // In the parent, once all workers are forked: worker `worker`'s other end.
  virtual std::unique_ptr<LabEnd> parent_end(int worker) = 0;
  // In the parent after the forks: closes the workers' ends.
  virtual void close_worker_ends() = 0;
};

// The transports, in the order tables list them.
const std::vector<std::string>& lab_transport_names();
// Throws UsageError naming the known transports if `name` is not one.
void require_lab_transport(std::string_view name);
// `name` one of lab_transport_names(); throws UsageError otherwise.
std::unique_ptr<LabTransport> make_lab_transport(std::string_view name, int workers, std::size_t message_size);

}  // namespace mpingest
