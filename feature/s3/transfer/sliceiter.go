package transfer

// The slice iterators of the original SDK's batch API: each hands out the
// objects of its Objects field in order. Their methods have pointer
// receivers, so pass a pointer to the batch. They are not safe for concurrent use; a batch calls them from one
// goroutine.

// UploadObjectsIterator is an [UploadIterator] over a slice of objects.
type UploadObjectsIterator struct {
	// Objects are the objects to upload, in order.
	Objects []BatchUploadObject

	pos sliceCursor
}

// Next advances to the next object, reporting whether there is one.
func (it *UploadObjectsIterator) Next() bool { return it.pos.next(len(it.Objects)) }

// Err returns nil: a slice cannot fail.
func (it *UploadObjectsIterator) Err() error { return nil }

// UploadObject returns the current object.
func (it *UploadObjectsIterator) UploadObject() BatchUploadObject { return it.Objects[it.pos.cur()] }

// DownloadObjectsIterator is a [DownloadIterator] over a slice of objects.
type DownloadObjectsIterator struct {
	// Objects are the objects to download, in order.
	Objects []BatchDownloadObject

	pos sliceCursor
}

// Next advances to the next object, reporting whether there is one.
func (it *DownloadObjectsIterator) Next() bool { return it.pos.next(len(it.Objects)) }

// Err returns nil: a slice cannot fail.
func (it *DownloadObjectsIterator) Err() error { return nil }

// DownloadObject returns the current object.
func (it *DownloadObjectsIterator) DownloadObject() BatchDownloadObject {
	return it.Objects[it.pos.cur()]
}

// DeleteObjectsIterator is a [DeleteIterator] over a slice of objects.
type DeleteObjectsIterator struct {
	// Objects are the objects to delete, in order.
	Objects []BatchDeleteObject

	pos sliceCursor
}

// Next advances to the next object, reporting whether there is one.
func (it *DeleteObjectsIterator) Next() bool { return it.pos.next(len(it.Objects)) }

// Err returns nil: a slice cannot fail.
func (it *DeleteObjectsIterator) Err() error { return nil }

// DeleteObject returns the current object.
func (it *DeleteObjectsIterator) DeleteObject() BatchDeleteObject { return it.Objects[it.pos.cur()] }

// sliceCursor is the position of a slice iterator: the number of objects
// handed out, so that the zero value starts before the first.
type sliceCursor int

func (c *sliceCursor) next(n int) bool {
	if int(*c) >= n {
		return false
	}
	*c++
	return true
}

// cur returns the index of the current object; it panics, like an index
// out of range, when Next was not called or returned false.
func (c sliceCursor) cur() int { return int(c) - 1 }
