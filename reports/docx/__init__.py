"""The 工作简报 as a Word document in the official document layout (GB/T 9704-2012)."""
