int make_nonblocking(int fd);
int prepare_socket(int fd);
int make_cloexec(int fd);
int socket_nonblock(int *sock);
int socket_cloexec(int *sock);
