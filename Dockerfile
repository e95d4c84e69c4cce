# SmtpPortal as a container image (README, "Installed as a Websoft9 app"). The SDK image publishes
# with the README's command; the ASP.NET Core runtime image runs the result as the non-root user
# the .NET images provide, keeps everything in the /data volume and listens on 8080.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/SmtpPortal -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
LABEL org.opencontainers.image.title="SmtpPortal" \
      org.opencontainers.image.description="Set up, test and rotate this server's outgoing mail (SMTP) settings"
WORKDIR /app
COPY --from=build /app .
# The data directory (database, key ring, setup token) belongs to the image's user; a new named
# volume starts as a copy of it, owner included. Made before VOLUME, which freezes it.
RUN mkdir /data && chown "$APP_UID" /data && chmod 700 /data
VOLUME /data
ENV ASPNETCORE_HTTP_PORTS=8080 \
    SmtpPortal__DataDirectory=/data
# 8080: the portal; 2525: the relay for the server's apps, once an admin turns it on (it
# listens on 127.0.0.1 unless SmtpPortal__Relay__Endpoints__0 says 0.0.0.0:2525, as the Websoft9 app does).
EXPOSE 8080 2525
USER $APP_UID
ENTRYPOINT ["dotnet", "SmtpPortal.dll"]
