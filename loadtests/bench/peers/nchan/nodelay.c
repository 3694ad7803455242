/*
 * Preloaded into nginx for the comparison's "nchan-nodelay" run (LD_PRELOAD): sets TCP_NODELAY on
 * every connection nginx accepts. nginx leaves Nagle's algorithm on for Nchan's WebSocket
 * subscribers, so on loopback a delivery to a subscriber that has not acknowledged the previous
 * one waits in the kernel for that acknowledgement and is then sent from the acknowledgement's
 * context (the client's core or a timer interrupt) instead of from nginx's own writev. Switchboard,
 * bare Vert.x and Node's ws all send with TCP_NODELAY; with this, Nchan does too.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

static void nodelay(int fd) {
  if (fd >= 0) {
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  }
}

int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
  static int (*real)(int, struct sockaddr *, socklen_t *, int);
  if (!real) {
    real = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
  }
  int accepted = real(fd, addr, len, flags);
  nodelay(accepted);
  return accepted;
}

int accept(int fd, struct sockaddr *addr, socklen_t *len) {
  static int (*real)(int, struct sockaddr *, socklen_t *);
  if (!real) {
    real = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
  }
  int accepted = real(fd, addr, len);
  nodelay(accepted);
  return accepted;
}
