#ifndef LEXECON_CLIBYAML_SHIM_H
#define LEXECON_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
