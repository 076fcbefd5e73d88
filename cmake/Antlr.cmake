# Generates the C++ parser from grammar/Bareme.g4 at build time with the installed ANTLR tool.
find_program(ANTLR4_TOOL NAMES antlr4 REQUIRED)
find_path(ANTLR4_INCLUDE_DIR antlr4-runtime.h PATH_SUFFIXES antlr4-runtime REQUIRED)
find_library(ANTLR4_RUNTIME_LIB NAMES antlr4-runtime REQUIRED)

# Clang 14 (the fuzz build) rejects one inline constructor of the runtime's headers (a const
# std::vector member default-initialised); it builds against a copy with that line fixed.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(patched ${CMAKE_BINARY_DIR}/antlr4-runtime-include)
  file(COPY ${ANTLR4_INCLUDE_DIR}/ DESTINATION ${patched})
  file(READ ${patched}/misc/InterpreterDataReader.h header)
  string(REPLACE "InterpreterData() {};" "InterpreterData() : vocabulary({}, {}) {}" header "${header}")
  file(WRITE ${patched}/misc/InterpreterDataReader.h "${header}")
  set(ANTLR4_INCLUDE_DIR ${patched})
endif()

set(BAREME_GRAMMAR ${CMAKE_SOURCE_DIR}/grammar/Bareme.g4)
set(ANTLR_OUT ${CMAKE_BINARY_DIR}/generated/antlr)
set(ANTLR_GENERATED
  ${ANTLR_OUT}/BaremeLexer.cpp ${ANTLR_OUT}/BaremeLexer.h
  ${ANTLR_OUT}/BaremeParser.cpp ${ANTLR_OUT}/BaremeParser.h)

add_custom_command(
  OUTPUT ${ANTLR_GENERATED}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${ANTLR_OUT}
  COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -no-listener -no-visitor
          -package bareme_antlr -o ${ANTLR_OUT} -Xexact-output-dir ${BAREME_GRAMMAR}
  DEPENDS ${BAREME_GRAMMAR}
  COMMENT "Generating the Barème parser with ANTLR"
  VERBATIM)

# The generated code uses u8 literals that C++20 rejects; it is built on its own.
add_library(bareme_antlr_generated STATIC ${ANTLR_OUT}/BaremeLexer.cpp ${ANTLR_OUT}/BaremeParser.cpp)
target_include_directories(bareme_antlr_generated SYSTEM PUBLIC ${ANTLR_OUT} ${ANTLR4_INCLUDE_DIR})
target_compile_options(bareme_antlr_generated PRIVATE -fno-char8_t -w)
target_link_libraries(bareme_antlr_generated PUBLIC ${ANTLR4_RUNTIME_LIB})
set_target_properties(bareme_antlr_generated PROPERTIES POSITION_INDEPENDENT_CODE ON)
