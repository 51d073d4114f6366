"""The rewards catalog: what a member may choose to spend points on, and the codes it hands out."""
