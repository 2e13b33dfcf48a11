"""Reports: "You said, we did" in Word, HTML and Markdown, plus an Easy Read version."""
