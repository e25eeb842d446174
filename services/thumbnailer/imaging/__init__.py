"""Image engine of the thumbnailer: keyframe bytes in, stills, animated previews and sprite sheets out."""
