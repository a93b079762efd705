#pragma once
// The lab's transports, one factory each (lab_transport.cpp names them).

#include <cstddef>
#include <memory>

#include "ipclab/lab_transport.h"

namespace mpingest {

std::unique_ptr<LabTransport> make_pipe_raw_transport(int workers, std::size_t message_size);
std::unique_ptr<LabTransport> make_unix_transport(int workers, std::size_t message_size);
std::unique_ptr<LabTransport> make_framed_pipe_transport(int workers, std::size_t message_size);
std::unique_ptr<LabTransport> make_shm_raw_transport(int workers, std::size_t message_size);
std::unique_ptr<LabTransport> make_record_ring_transport(int workers, std::size_t message_size);

}  // namespace mpingest
