package sfn_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/sfn"
	"github.com/nimbus-sdk/nimbus/services/sfn/types"
)

const definition = `{"Comment":"nimbus","StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}`

// TestIntegrationStepFunctions drives Step Functions (awsJson 1.0) against
// moto: a state machine, executions started, described, listed with the
// paginator and stopped.
func TestIntegrationStepFunctions(t *testing.T) {
	srv := testenv.Moto(t)
	c := sfn.New(sfn.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials()})
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	sm, err := c.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name:       &name,
		Definition: ptr(definition),
		RoleArn:    ptr("arn:aws:iam::123456789012:role/sdk-test"),
		Type:       types.StateMachineTypeStandard,
		Tags:       []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteStateMachine(context.Background(), &sfn.DeleteStateMachineInput{StateMachineArn: sm.StateMachineArn})
	})
	if sm.CreationDate == nil || time.Since(*sm.CreationDate).Abs() > time.Hour {
		t.Errorf("CreateStateMachine CreationDate = %v", sm.CreationDate)
	}

	d, err := c.DescribeStateMachine(ctx, &sfn.DescribeStateMachineInput{StateMachineArn: sm.StateMachineArn})
	if err != nil {
		t.Fatal(err)
	}
	if *d.Name != name || *d.Definition != definition || d.Type != types.StateMachineTypeStandard || d.Status != types.StateMachineStatusActive {
		t.Errorf("DescribeStateMachine = name %q type %q status %q definition %q", *d.Name, d.Type, d.Status, *d.Definition)
	}

	var started []string
	for i := range 3 {
		ex, err := c.StartExecution(ctx, &sfn.StartExecutionInput{
			StateMachineArn: sm.StateMachineArn,
			Name:            ptr(fmt.Sprintf("run-%d", i)),
			Input:           ptr(fmt.Sprintf(`{"n":%d}`, i)),
		})
		if err != nil {
			t.Fatal(err)
		}
		started = append(started, *ex.ExecutionArn)
	}

	got, err := c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: &started[1]})
	if err != nil {
		t.Fatal(err)
	}
	if *got.StateMachineArn != *sm.StateMachineArn || *got.Name != "run-1" || *got.Input != `{"n":1}` || got.StartDate == nil {
		t.Errorf("DescribeExecution = %+v", got)
	}
	// moto does not run the states unless told to; the execution is
	// RUNNING there and SUCCEEDED on AWS soon after.
	if got.Status != types.ExecutionStatusRunning && got.Status != types.ExecutionStatusSucceeded {
		t.Errorf("DescribeExecution status = %q; want RUNNING or SUCCEEDED", got.Status)
	}

	var listed []string
	pages := 0
	for page, err := range sfn.NewListExecutionsPaginator(c, &sfn.ListExecutionsInput{StateMachineArn: sm.StateMachineArn},
		func(o *sfn.ListExecutionsPaginatorOptions) { o.Limit = 2 }).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, e := range page.Executions {
			listed = append(listed, *e.ExecutionArn)
		}
	}
	slices.Sort(listed)
	if !slices.Equal(listed, started) || pages != 2 {
		t.Errorf("ListExecutions = %v in %d pages; want %v in 2", listed, pages, started)
	}

	if got.Status == types.ExecutionStatusRunning {
		stop, err := c.StopExecution(ctx, &sfn.StopExecutionInput{ExecutionArn: &started[1], Error: ptr("Test"), Cause: ptr("cleanup")})
		if err != nil {
			t.Fatal(err)
		}
		if stop.StopDate == nil || stop.StopDate.Before(*got.StartDate) {
			t.Errorf("StopExecution StopDate = %v; started %v", stop.StopDate, got.StartDate)
		}
	}

	_, err = c.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: ptr(started[0] + "-missing")})
	var missing *types.ExecutionDoesNotExist
	if !errors.As(err, &missing) {
		t.Errorf("DescribeExecution(missing) error = %v; want *types.ExecutionDoesNotExist", err)
	}
}

func ptr[T any](v T) *T { return &v }
