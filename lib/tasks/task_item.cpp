// TaskItem::label (mpingest/task.h): the public header does not see ItemTable.
#include "corpus/item_table.h"
#include "mpingest/task.h"

namespace mpingest {

std::string TaskItem::label() const { return items->label(index); }

}  // namespace mpingest
