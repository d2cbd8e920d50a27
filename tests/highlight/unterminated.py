s = """never closed
second line