package transfer

import (
	"github.com/nimbus-sdk/nimbus/services/s3"
	"github.com/nimbus-sdk/nimbus/services/s3/types"
)

// The Checksum* members of each S3 shape the transfers read or set, one
// per algorithm of checksum.Algorithms (TestChecksumFields checks each).

func headObjectSums(o *s3.HeadObjectOutput) checksumFields {
	return checksumFields{&o.ChecksumCRC32, &o.ChecksumCRC32C, &o.ChecksumCRC64NVME, &o.ChecksumSHA1, &o.ChecksumSHA256,
		&o.ChecksumSHA512, &o.ChecksumMD5, &o.ChecksumXXHASH64, &o.ChecksumXXHASH3, &o.ChecksumXXHASH128}
}

func getObjectSums(o *s3.GetObjectOutput) checksumFields {
	return checksumFields{&o.ChecksumCRC32, &o.ChecksumCRC32C, &o.ChecksumCRC64NVME, &o.ChecksumSHA1, &o.ChecksumSHA256,
		&o.ChecksumSHA512, &o.ChecksumMD5, &o.ChecksumXXHASH64, &o.ChecksumXXHASH3, &o.ChecksumXXHASH128}
}

func putObjectSums(o *s3.PutObjectOutput) checksumFields {
	return checksumFields{&o.ChecksumCRC32, &o.ChecksumCRC32C, &o.ChecksumCRC64NVME, &o.ChecksumSHA1, &o.ChecksumSHA256,
		&o.ChecksumSHA512, &o.ChecksumMD5, &o.ChecksumXXHASH64, &o.ChecksumXXHASH3, &o.ChecksumXXHASH128}
}

func uploadPartSums(o *s3.UploadPartOutput) checksumFields {
	return checksumFields{&o.ChecksumCRC32, &o.ChecksumCRC32C, &o.ChecksumCRC64NVME, &o.ChecksumSHA1, &o.ChecksumSHA256,
		&o.ChecksumSHA512, &o.ChecksumMD5, &o.ChecksumXXHASH64, &o.ChecksumXXHASH3, &o.ChecksumXXHASH128}
}

func partSums(p *types.Part) checksumFields {
	return checksumFields{&p.ChecksumCRC32, &p.ChecksumCRC32C, &p.ChecksumCRC64NVME, &p.ChecksumSHA1, &p.ChecksumSHA256,
		&p.ChecksumSHA512, &p.ChecksumMD5, &p.ChecksumXXHASH64, &p.ChecksumXXHASH3, &p.ChecksumXXHASH128}
}

func completedPartSums(p *types.CompletedPart) checksumFields {
	return checksumFields{&p.ChecksumCRC32, &p.ChecksumCRC32C, &p.ChecksumCRC64NVME, &p.ChecksumSHA1, &p.ChecksumSHA256,
		&p.ChecksumSHA512, &p.ChecksumMD5, &p.ChecksumXXHASH64, &p.ChecksumXXHASH3, &p.ChecksumXXHASH128}
}

func completeInputSums(in *s3.CompleteMultipartUploadInput) checksumFields {
	return checksumFields{&in.ChecksumCRC32, &in.ChecksumCRC32C, &in.ChecksumCRC64NVME, &in.ChecksumSHA1, &in.ChecksumSHA256,
		&in.ChecksumSHA512, &in.ChecksumMD5, &in.ChecksumXXHASH64, &in.ChecksumXXHASH3, &in.ChecksumXXHASH128}
}

func completeOutputSums(o *s3.CompleteMultipartUploadOutput) checksumFields {
	return checksumFields{&o.ChecksumCRC32, &o.ChecksumCRC32C, &o.ChecksumCRC64NVME, &o.ChecksumSHA1, &o.ChecksumSHA256,
		&o.ChecksumSHA512, &o.ChecksumMD5, &o.ChecksumXXHASH64, &o.ChecksumXXHASH3, &o.ChecksumXXHASH128}
}

func putInputSums(in *s3.PutObjectInput) checksumFields {
	return checksumFields{&in.ChecksumCRC32, &in.ChecksumCRC32C, &in.ChecksumCRC64NVME, &in.ChecksumSHA1, &in.ChecksumSHA256,
		&in.ChecksumSHA512, &in.ChecksumMD5, &in.ChecksumXXHASH64, &in.ChecksumXXHASH3, &in.ChecksumXXHASH128}
}
