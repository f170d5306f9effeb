# Included after find_package(igraph) / find_dependency(igraph), by the build
# and by the installed package configuration.
#
# Debian 12's igraph-targets.cmake (libigraph-dev 0.10.2) gives igraph::igraph,
# a shared library, the development files of igraph's private dependencies as
# link libraries (libarpack.so, libglpk.so, libplfit.so), and libigraph-dev
# does not depend on the packages that hold them. Linking against the shared
# libigraph needs none of them (it names its own at run time), so the files
# that do not exist are left out; with those packages installed nothing changes.
if(TARGET igraph::igraph)
  get_target_property(_policygraph_igraph_links igraph::igraph INTERFACE_LINK_LIBRARIES)
  if(_policygraph_igraph_links)
    set(_policygraph_igraph_kept)
    foreach(_policygraph_item IN LISTS _policygraph_igraph_links)
      if(IS_ABSOLUTE "${_policygraph_item}" AND NOT EXISTS "${_policygraph_item}")
        continue()
      endif()
      list(APPEND _policygraph_igraph_kept "${_policygraph_item}")
    endforeach()
    set_target_properties(igraph::igraph PROPERTIES
                          INTERFACE_LINK_LIBRARIES "${_policygraph_igraph_kept}")
  endif()
  unset(_policygraph_igraph_links)
  unset(_policygraph_igraph_kept)
  unset(_policygraph_item)
endif()
