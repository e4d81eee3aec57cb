void loop_watch(int fd, void (*on_ready)(int fd));
void loop_run(void);
void stats_flush(void);
