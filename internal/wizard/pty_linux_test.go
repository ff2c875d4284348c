package wizard_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
	"golang.org/x/sys/unix"
)

// The size of the pseudo-terminal, for survey and for the emulator alike.
const (
	cols = 80
	rows = 32
)

// How long a program under test may take to show the next question, and how long
// its output must stay quiet before a key is sent.
const (
	promptTimeout = 20 * time.Second
	quiet         = 40 * time.Millisecond
)

// cpr is the request survey sends to learn where the cursor is; the emulator
// answers it on the terminal's input.
const cpr = "\x1b[6n"

// tty runs a program in a pseudo-terminal and plays the part of the person at
// it. A vt10x emulator keeps the screen and answers the cursor position requests
// that survey makes before each text question.
//
// Survey reads keys through a new buffer for every question, and drops what
// follows a cursor position report in the same read, so keys sent before a
// question waits for them can be lost. The helper therefore sends keys only when
// the question is drawn, the terminal is in raw mode, the program has read as
// many bytes as were sent to its terminal (the emulator's answers included) and
// its output has been quiet for a moment. The bytes read come from the kernel's
// count in /proc/PID/io: the terminal's input queue alone is not enough, since
// the kernel moves written bytes into it asynchronously.
type tty struct {
	t        testing.TB
	cmd      *exec.Cmd
	ptm, pts *os.File
	vt       vt10x.Terminal

	mu         sync.Mutex
	out        bytes.Buffer // everything the program wrote
	mark       int          // len(out) when keys were last sent
	lastOutput time.Time
	// want is the least count of bytes read at which the program has read
	// everything written to its terminal so far.
	want     int64
	readDone chan struct{}

	waitOnce sync.Once
	waitErr  error
}

// startTTY starts cmd with a new pseudo-terminal as its stdin, stdout and stderr
// and its controlling terminal.
func startTTY(t testing.TB, cmd *exec.Cmd) *tty {
	t.Helper()
	ptm, pts, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	if err := pty.Setsize(ptm, &pty.Winsize{Rows: rows, Cols: cols}); err != nil {
		t.Fatalf("sizing the pseudo-terminal: %v", err)
	}
	c := &tty{t: t, cmd: cmd, ptm: ptm, pts: pts, readDone: make(chan struct{})}
	c.vt = vt10x.New(vt10x.WithWriter(countingWriter{c}), vt10x.WithSize(cols, rows))

	cmd.Stdin, cmd.Stdout, cmd.Stderr = pts, pts, pts
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", cmd.Path, err)
	}
	go c.read()
	t.Cleanup(func() {
		if c.cmd.ProcessState == nil {
			_ = c.cmd.Process.Kill()
			c.wait()
		}
		c.ptm.Close()
	})
	return c
}

// read copies the program's output into the emulator until the terminal closes.
func (c *tty) read() {
	defer close(c.readDone)
	buf := make([]byte, 4096)
	for {
		n, err := c.ptm.Read(buf)
		if n > 0 {
			// The emulator answers a cursor request as it parses it, so by the
			// time the request shows in out, its answer is on the way.
			_, _ = c.vt.Write(buf[:n])
			c.mu.Lock()
			c.out.Write(buf[:n])
			c.lastOutput = time.Now()
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// countingWriter sends the emulator's answers to the terminal's input and counts
// them.
type countingWriter struct{ c *tty }

func (w countingWriter) Write(p []byte) (int, error) { return w.c.write(p) }

// write sends p to the program's terminal. The program reads p after this
// moment, so once it has read p it has read at least what it had read now plus
// len(p), and at least what it needed for the earlier writes plus len(p).
func (c *tty) write(p []byte) (int, error) {
	read, _ := c.bytesRead() // 0 once the program has ended
	c.mu.Lock()
	c.want = max(c.want, read) + int64(len(p))
	c.mu.Unlock()
	return c.ptm.Write(p)
}

// bytesRead returns how many bytes the program has read so far, from all files.
func (c *tty) bytesRead() (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "rchar: "); ok {
			return strconv.ParseInt(v, 10, 64)
		}
	}
	return 0, fmt.Errorf("no rchar in /proc/%d/io", c.cmd.Process.Pid)
}

// waitFor waits until text appears in the output written since keys were last
// sent, the program has asked for the cursor position at least cprs times since
// then, and the program is waiting for a key.
func (c *tty) waitFor(text string, cprs int) {
	c.t.Helper()
	c.waitMode(text, cprs, true)
}

// waitMode is waitFor for a program that reads keys in raw mode, or whole lines
// in the terminal's canonical mode.
func (c *tty) waitMode(text string, cprs int, raw bool) {
	c.t.Helper()
	deadline := time.Now().Add(promptTimeout)
	for time.Now().Before(deadline) {
		if c.ready(text, cprs, raw) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	c.t.Fatalf("waiting for %q: timed out after %v; screen:\n%s\noutput since the last keys: %q",
		text, promptTimeout, c.Screen(), c.since())
}

func (c *tty) ready(text string, cprs int, raw bool) bool {
	c.mu.Lock()
	since := c.out.String()[c.mark:]
	idle := time.Since(c.lastOutput)
	want := c.want
	c.mu.Unlock()
	if !strings.Contains(since, text) || strings.Count(since, cpr) < cprs || idle < quiet {
		return false
	}

	// Raw mode means survey is reading keys; canonical mode, that a line is
	// wanted. Having read all that was sent means the next read returns only
	// our keys.
	tio, err := unix.IoctlGetTermios(int(c.pts.Fd()), unix.TCGETS)
	if err != nil || (tio.Lflag&unix.ICANON == 0) != raw {
		return false
	}
	read, err := c.bytesRead()
	if err != nil {
		c.t.Fatalf("counting the bytes the program read: %v", err)
	}
	return read >= want
}

// send types keys, and moves the mark so that the next waitFor looks only at
// what the program writes after them.
func (c *tty) send(keys string) {
	c.t.Helper()
	c.mu.Lock()
	c.mark = c.out.Len()
	c.mu.Unlock()
	if _, err := c.write([]byte(keys)); err != nil {
		c.t.Fatalf("typing %q: %v", keys, err)
	}
}

// Keys as a terminal sends them.
const (
	keyEnter = "\r"
	keyDown  = "\x1b[B"
	keyUp    = "\x1b[A"
	keyCtrlC = "\x03"
	keyEsc   = "\x1b"
)

// text answers a free-text question or a yes/no question: survey asks for the
// cursor position twice before it reads the line.
func (c *tty) text(prompt, keys string) {
	c.t.Helper()
	c.waitFor(prompt, 2)
	c.send(keys)
}

// choose answers a list question, which survey draws without asking anything.
func (c *tty) choose(prompt, keys string) {
	c.t.Helper()
	c.waitFor(prompt, 0)
	c.send(keys)
}

// line answers a question of a program that reads whole lines.
func (c *tty) line(prompt, answer string) {
	c.t.Helper()
	c.waitMode(prompt, 0, false)
	c.send(answer + keyEnter)
}

// wait waits for the program to end and returns its exit code.
func (c *tty) wait() int {
	c.t.Helper()
	c.waitOnce.Do(func() {
		done := make(chan error, 1)
		go func() { done <- c.cmd.Wait() }()
		select {
		case c.waitErr = <-done:
		case <-time.After(promptTimeout):
			_ = c.cmd.Process.Kill()
			c.waitErr = <-done
			c.t.Errorf("program did not end within %v; screen:\n%s", promptTimeout, c.Screen())
		}

		// With the last slave closed the reader sees the end of the terminal.
		c.pts.Close()
		select {
		case <-c.readDone:
		case <-time.After(5 * time.Second):
		}
	})
	var exit *exec.ExitError
	switch {
	case c.waitErr == nil:
		return 0
	case errors.As(c.waitErr, &exit):
		return exit.ExitCode()
	default:
		c.t.Fatalf("waiting for the program: %v", c.waitErr)
		return -1
	}
}

// Screen returns the emulator's screen as text, without trailing blanks.
func (c *tty) Screen() string {
	lines := strings.Split(c.vt.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
}

// output returns everything the program wrote.
func (c *tty) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

func (c *tty) since() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()[c.mark:]
}
