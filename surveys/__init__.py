"""Reading engagement inputs (surveys, event notes, Easy Read forms) and redacting them."""
