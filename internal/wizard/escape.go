package wizard

import "os"

// Bytes that a terminal sends for the keys that matter here.
const (
	keyEsc       = 0x1b
	keyInterrupt = 0x03 // Ctrl-C
)

// escReader reads keys from a terminal and turns a press of Esc into Ctrl-C, so
// that Esc ends the wizard on every kind of question: survey itself ignores Esc
// in a text question and switches a list to vim keys with it.
//
// A terminal sends Esc alone, while the arrow and function keys start with Esc
// followed at once by '[' or 'O' in the same read. So an Esc that ends a read, or
// is followed by any other byte, is taken as the key. Survey tells the two apart
// the same way.
type escReader struct {
	f *os.File
}

// Read implements io.Reader.
func (r escReader) Read(p []byte) (int, error) {
	n, err := r.f.Read(p)
	for i := 0; i < n; i++ {
		if p[i] != keyEsc {
			continue
		}
		if i+1 == n || (p[i+1] != '[' && p[i+1] != 'O') {
			p[i] = keyInterrupt
		}
	}
	return n, err
}

// Fd returns the terminal's file descriptor, which survey needs to switch the
// terminal to raw mode and to measure it.
func (r escReader) Fd() uintptr { return r.f.Fd() }
