"""What both web processes do alike, whatever the framework: read the environment, send the
security headers, serve static files, throttle logins, hash tokens and check passwords, read
`?page=`, format times, and settle at start-up."""
