package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/scheduler"
	"github.com/nimbus-sdk/nimbus/services/scheduler/types"
)

// TestIntegrationScheduler drives EventBridge Scheduler (restJson1,
// idempotency tokens in bodies and queries, timestamps) against moto: a
// schedule group and a schedule in it created, read back, listed and
// deleted.
func TestIntegrationScheduler(t *testing.T) {
	srv := testenv.Moto(t)
	c := scheduler.New(scheduler.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs and DELETEs
	ctx := context.Background()
	group := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	g, err := c.CreateScheduleGroup(ctx, &scheduler.CreateScheduleGroupInput{Name: &group, Tags: []types.Tag{{Key: ptr("team"), Value: ptr("sdk")}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteScheduleGroup(context.Background(), &scheduler.DeleteScheduleGroupInput{Name: &group})
	})
	if want := "arn:aws:scheduler:" + srv.Region + ":123456789012:schedule-group/" + group; *g.ScheduleGroupArn != want {
		t.Errorf("CreateScheduleGroup arn = %s; want %s", *g.ScheduleGroupArn, want)
	}

	start := time.Now().Add(time.Hour).Truncate(time.Second).UTC()
	_, err = c.CreateSchedule(ctx, &scheduler.CreateScheduleInput{
		Name: ptr("nightly"), GroupName: &group, ScheduleExpression: ptr("cron(0 3 * * ? *)"), ScheduleExpressionTimezone: ptr("Europe/Paris"),
		StartDate: &start, Description: ptr("integration test"), State: types.ScheduleStateEnabled,
		Target:             &types.Target{Arn: ptr("arn:aws:sqs:us-east-1:123456789012:queue"), RoleArn: &srv.RoleARN, Input: ptr(`{"job":"nightly"}`)},
		FlexibleTimeWindow: &types.FlexibleTimeWindow{Mode: types.FlexibleTimeWindowModeFlexible, MaximumWindowInMinutes: ptr(int32(15))},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteSchedule(context.Background(), &scheduler.DeleteScheduleInput{Name: ptr("nightly"), GroupName: &group})
	})

	got, err := c.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: ptr("nightly"), GroupName: &group})
	if err != nil {
		t.Fatal(err)
	}
	if *got.GroupName != group || *got.ScheduleExpression != "cron(0 3 * * ? *)" || *got.Target.Input != `{"job":"nightly"}` ||
		got.FlexibleTimeWindow.Mode != types.FlexibleTimeWindowModeFlexible || *got.FlexibleTimeWindow.MaximumWindowInMinutes != 15 ||
		got.StartDate == nil || !got.StartDate.Equal(start) || got.State != types.ScheduleStateEnabled {
		t.Errorf("GetSchedule = %+v (start %v; want %v)", got, got.StartDate, start)
	}

	var names []string
	for page, err := range scheduler.NewListSchedulesPaginator(c, &scheduler.ListSchedulesInput{GroupName: &group}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page.Schedules {
			names = append(names, *s.Name)
		}
	}
	if fmt.Sprint(names) != "[nightly]" {
		t.Errorf("ListSchedules(%s) = %v; want [nightly]", group, names)
	}

	if _, err := c.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: ptr("nightly"), GroupName: &group}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: ptr("nightly"), GroupName: &group})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("GetSchedule(deleted) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
