package auth_test

import (
	"context"
	"fmt"
	"time"

	"github.com/nimbus-sdk/nimbus/credentials"
	"github.com/nimbus-sdk/nimbus/feature/rds/auth"
)

// A token for the MySQL user jane_doe, the password of a connection over
// TLS. SigningTime pins the time so the output is reproducible; real code
// leaves it zero and builds a token for each new connection.
func ExampleBuildAuthToken() {
	creds := credentials.NewStaticProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "")
	endpoint := "rdsmysql.123456789012.us-west-2.rds.amazonaws.com:3306"

	token, err := auth.BuildAuthToken(context.Background(), endpoint, "us-west-2", "jane_doe", creds,
		func(o *auth.BuildAuthTokenOptions) { o.SigningTime = time.Date(2017, 10, 25, 18, 17, 40, 0, time.UTC) })
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(token)

	// The go-sql-driver/mysql DSN for it: the token is the password, sent
	// in clear text, so only over TLS.
	dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s?tls=true&allowCleartextPasswords=true", "jane_doe", token, endpoint, "mydb")
	_ = dsn
	// Output:
	// rdsmysql.123456789012.us-west-2.rds.amazonaws.com:3306/?Action=connect&DBUser=jane_doe&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20171025%2Fus-west-2%2Frds-db%2Faws4_request&X-Amz-Date=20171025T181740Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=21d376fd3d647b7391f5514ea1eb717dee8dbfffff163bb5e49636f7bce93402
}
