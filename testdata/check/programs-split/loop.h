/* The loop driver both programs link, and the log both call. */
void loop_watch(int fd, void (*on_ready)(int fd));
void loop_run(void);
void log_open(const char *path);
void log_event(const char *what);
