# Layers the build enforces. Each folder of lib/ (and ipc/) is one static
# library that links only the layers below it. Its sources see a private
# include root, build/layers/<name>/, holding a symbolic link for itself and
# for each layer below it and nothing else: an upward include ("run/..." from
# launch/) is "No such file" at compile time, not a cycle found later.
#
#   mpingest_layer(<name> DIR <folder> [BELOW <layer>...]
#                  [PUBLIC_LIBS <target>...] [PRIVATE_LIBS <target>...])
#
# BELOW names the layers this one includes directly; those they include come
# along (a header of a lower layer includes its own lower layers).

function(mpingest_layer name)
  cmake_parse_arguments(L "" "DIR" "BELOW;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
  set(visible ${name})
  foreach(below IN LISTS L_BELOW)
    get_property(known GLOBAL PROPERTY MPINGEST_LAYER_${below}_VISIBLE SET)
    if(NOT known)
      message(FATAL_ERROR "layer ${name}: '${below}' must be declared before the layers above it")
    endif()
    get_property(below_visible GLOBAL PROPERTY MPINGEST_LAYER_${below}_VISIBLE)
    list(APPEND visible ${below_visible})
  endforeach()
  list(REMOVE_DUPLICATES visible)
  set_property(GLOBAL PROPERTY MPINGEST_LAYER_${name}_VISIBLE ${visible})
  set_property(GLOBAL PROPERTY MPINGEST_LAYER_${name}_DIR ${L_DIR})
  set_property(GLOBAL APPEND PROPERTY MPINGEST_LAYERS ${name})

  set(root ${PROJECT_BINARY_DIR}/layers/${name})
  file(REMOVE_RECURSE ${root})
  file(MAKE_DIRECTORY ${root})
  foreach(layer IN LISTS visible)
    get_property(dir GLOBAL PROPERTY MPINGEST_LAYER_${layer}_DIR)
    file(CREATE_LINK ${dir} ${root}/${layer} SYMBOLIC)
  endforeach()

  file(GLOB sources CONFIGURE_DEPENDS ${L_DIR}/*.cpp)
  if(sources)
    add_library(mpingest_${name} STATIC ${sources})
    target_include_directories(mpingest_${name} PRIVATE ${root})
    set(scope PUBLIC)
  else()
    add_library(mpingest_${name} INTERFACE)  # headers only
    set(scope INTERFACE)
  endif()
  set(below_targets)
  foreach(below IN LISTS L_BELOW)
    list(APPEND below_targets mpingest_${below})
  endforeach()
  target_link_libraries(mpingest_${name} ${scope} mpingest_options ${below_targets} ${L_PUBLIC_LIBS})
  if(L_PRIVATE_LIBS)
    target_link_libraries(mpingest_${name} PRIVATE ${L_PRIVATE_LIBS})
  endif()
endfunction()

# The include root that sees layer `name` and everything below it, for
# checks that compile a file as if it were part of that layer.
function(mpingest_layer_root name out)
  set(${out} ${PROJECT_BINARY_DIR}/layers/${name} PARENT_SCOPE)
endfunction()
