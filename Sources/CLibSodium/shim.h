#ifndef LEXECON_CLIBSODIUM_SHIM_H
#define LEXECON_CLIBSODIUM_SHIM_H
#include <sodium.h>
#endif
