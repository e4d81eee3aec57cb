/* Protothreads: the body of a function that uses PT_BEGIN runs on the
 * scheduler's thread, so a blocking call in it (or below it) stalls every
 * other protothread. */
#include <stdio.h>
#include <unistd.h>

#include "pt.h"

static struct pt sampler_pt;
static int ready;

static void read_calibration(void)
{
	FILE *f = fopen("/etc/sensor.cal", "r"); /* expect: blocking-file-io */
	if (f)
		fclose(f); /* clean: opened only for reading */
}

static PT_THREAD(sampler(struct pt *pt))
{
	PT_BEGIN(pt);
	read_calibration();
	PT_WAIT_UNTIL(pt, ready);
	usleep(200000); /* expect: blocking-sleep */
	PT_END(pt);
}

/* Not a protothread: called once from main before scheduling starts. */
static void setup(void)
{
	sleep(1); /* clean: main's helper */
	read_calibration();
}

int main(void)
{
	PT_INIT(&sampler_pt);
	setup();
	for (;;) {
		ready = 1;
		sampler(&sampler_pt);
		usleep(1000); /* clean: the scheduler itself */
	}
}
