/* spin-lib.c — a program whose thread spins inside a shared library of
 * its own: built once with -DSPIN_LIB -shared as libspin.so and once as
 * spin-main, which finds it beside itself ($ORIGIN). Tests delete the
 * library while the program runs (a package upgrade) and take its stack. */
#ifdef SPIN_LIB
void spin_forever(void);

void spin_forever(void)
{
	for (;;) {
		volatile unsigned long x = 0;
		for (int i = 0; i < 100000000; i++)
			x += (unsigned long)i;
	}
}
#else
void spin_forever(void);

int main(void)
{
	spin_forever();
	return 0;
}
#endif
