// Files of lines too large for one JavaScript string: 100 000 situations of the differential test
// are about 450 MB as JSON Lines, near V8's limit on a string's length.
import fs from 'node:fs'

// The non-blank lines of the file at `path`, read as bytes.
export function readLines(path) {
  const bytes = fs.readFileSync(path)
  const lines = []
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(10, start)
    if (end < 0) end = bytes.length
    const line = bytes.toString('utf8', start, end)
    if (line.trim()) lines.push(line)
    start = end + 1
  }
  return lines
}

// `lines` written to `path`, each ended by a newline, a thousand at a time.
export function writeLines(path, lines) {
  const fd = fs.openSync(path, 'w')
  try {
    for (let i = 0; i < lines.length; i += 1000) fs.writeSync(fd, lines.slice(i, i + 1000).join('\n') + '\n')
  } finally {
    fs.closeSync(fd)
  }
}
