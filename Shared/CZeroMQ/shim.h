#ifndef WHISTLE_CZEROMQ_SHIM_H
#define WHISTLE_CZEROMQ_SHIM_H
#include <zmq.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>

/* Debian builds libzmq 4.3.4 without the DRAFT API, so the header hides this option,
   but the library honours it at run time: with it set, a ZAP handler is required for
   CURVE/PLAIN sockets whose ZAP domain is set, instead of silently allowing everyone. */
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

/* Names the calling thread as top -H, perf and gdb show it (at most 15 bytes are kept). */
static inline void whistle_name_thread(const char *name) { prctl(PR_SET_NAME, name, 0, 0, 0); }

#endif
