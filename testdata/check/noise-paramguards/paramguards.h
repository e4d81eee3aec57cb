#include <sys/socket.h>
#include <sys/types.h>

int peers_connect(const struct sockaddr *sa, socklen_t len, int relay_flags);
void temps_remove(pid_t pid);
void bg_unlink(const char *path); /* hands the unlink to a thread */
