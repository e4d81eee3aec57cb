void record(const char *what);
