#include "cli/commands.h"

int main(int argc, char** argv) { return nrm::cli::Main(argc, argv); }
