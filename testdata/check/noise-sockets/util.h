int make_nonblocking(int fd);
int prepare_socket(int fd);
int make_cloexec(int fd);
